package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
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
}
