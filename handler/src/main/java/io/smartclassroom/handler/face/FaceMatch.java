package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How one face compares with the enrolled students: the nearest student, the similarity to them and to
 * the runner-up (another student; -1 when only one is enrolled), and whether it is a confident match.
 * An unconfident match is {@code unknown}, never the nearest name.
 */
public record FaceMatch(boolean recognised, String nearestStudent, double similarity, double runnerUpSimilarity) {
    public static final String UNKNOWN = "unknown";

    public FaceMatch {
        requireNonNull(nearestStudent, "nearestStudent");
    }

    /** The student's name when recognised, else {@value #UNKNOWN}. */
    public String name() {
        return recognised ? nearestStudent : UNKNOWN;
    }

    public Optional<String> student() {
        return recognised ? Optional.of(nearestStudent) : Optional.empty();
    }

    public double margin() {
        return similarity - runnerUpSimilarity;
    }
}
