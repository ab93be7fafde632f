package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Enrolled students' embeddings and the recognition model that made them. */
public record Encodings(ModelIdentity model, List<EnrolledStudent> students) {
    public Encodings {
        requireNonNull(model, "model");
        requireNonNull(students, "students");
        students = List.copyOf(students);
        Set<String> names = new HashSet<>();
        for (EnrolledStudent student : students) {
            if (!names.add(student.name())) {
                throw new IllegalArgumentException("student " + student.name() + " is enrolled twice");
            }
            for (float[] embedding : student.embeddings()) {
                if (embedding.length != model.dim()) {
                    throw new IllegalArgumentException("student %s has a %d-d embedding but model %s makes %d-d ones"
                            .formatted(student.name(), embedding.length, model.name(), model.dim()));
                }
            }
        }
    }

    public List<String> studentNames() {
        return students.stream().map(EnrolledStudent::name).toList();
    }

    public boolean enrolls(String name) {
        return students.stream().anyMatch(student -> student.name().equals(name));
    }

    /**
     * These encodings with {@code added} enrolled: a student already enrolled under the same name is
     * replaced (their new photos are their embeddings now), the others keep their place.
     *
     * @throws IllegalArgumentException when {@code added} were made with another model
     */
    public Encodings with(Encodings added) {
        requireNonNull(added, "added");
        if (!model.sameModelAs(added.model())) {
            throw new IllegalArgumentException("the students to add were embedded with recognition model %s, but these encodings were made with %s"
                    .formatted(added.model(), model));
        }
        Set<String> replaced = new HashSet<>(added.studentNames());
        List<EnrolledStudent> result = new ArrayList<>();
        for (EnrolledStudent student : students) {
            if (!replaced.contains(student.name())) {
                result.add(student);
            }
        }
        result.addAll(added.students());
        return new Encodings(model, result);
    }

    /**
     * These encodings without the students {@code names}.
     *
     * @throws IllegalArgumentException naming every one of {@code names} that is not enrolled
     */
    public Encodings without(List<String> names) {
        requireNonNull(names, "names");
        Set<String> removed = new LinkedHashSet<>(names);
        List<String> missing = removed.stream().filter(name -> !enrolls(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("not enrolled: %s (enrolled: %s)".formatted(missing, studentNames()));
        }
        return new Encodings(model, students.stream().filter(student -> !removed.contains(student.name())).toList());
    }
}
