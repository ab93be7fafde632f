package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One enrolled student: a name and one or more L2-normalised embeddings (one per enrolment photo), with
 * the photos they came from (file names, informative).
 */
public record EnrolledStudent(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "embeddings", required = true) List<float[]> embeddings,
        @JsonProperty("sources") List<String> sources) {
    public EnrolledStudent {
        requireNonNull(name, "name");
        requireNonNull(embeddings, "embeddings");
        StudentNames.check(name);
        if (embeddings.isEmpty()) {
            throw new IllegalArgumentException("student " + name + " has no embeddings");
        }
        embeddings = embeddings.stream().map(float[]::clone).toList();
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    @Override
    public List<float[]> embeddings() {
        return embeddings.stream().map(float[]::clone).toList();
    }
}
