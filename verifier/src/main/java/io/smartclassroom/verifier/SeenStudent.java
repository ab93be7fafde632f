package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One recognised student of an attendance record ({@code students[i]} of common's
 * {@code attendance-record.schema.json}). Times are seconds from the start of the video.
 */
public record SeenStudent(
        String name,
        Optional<String> id,
        Optional<String> major,
        Optional<String> year,
        double firstSeenS,
        double lastSeenS,
        double seenS,
        long frames,
        double bestSimilarity,
        Optional<String> evidence) {

    public SeenStudent {
        requireNonNull(name, "name");
        requireNonNull(id, "id");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
        requireNonNull(evidence, "evidence");
    }
}
