package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A student recognised in a video: first and last sighting (microseconds from the video's start), the
 * time they were seen ({@code seenMicros}: examined frames showing them times the sampling interval),
 * in how many examined frames, the best similarity of those matches, and the evidence image of their
 * best-matching face ({@link FaceCrop}; empty when no crop was taken).
 */
public record StudentSighting(String name, long firstSeenMicros, long lastSeenMicros, long seenMicros, int frames,
        double bestSimilarity, Optional<FaceCrop> evidence) {
    public StudentSighting {
        requireNonNull(name, "name");
        requireNonNull(evidence, "evidence");
        if (lastSeenMicros < firstSeenMicros) {
            throw new IllegalArgumentException("last seen before first seen: " + lastSeenMicros + " < " + firstSeenMicros);
        }
    }

    /** A sighting without an evidence image. */
    public StudentSighting(String name, long firstSeenMicros, long lastSeenMicros, long seenMicros, int frames,
            double bestSimilarity) {
        this(name, firstSeenMicros, lastSeenMicros, seenMicros, frames, bestSimilarity, Optional.empty());
    }

    /** The same student seen in two analyses (e.g. two segments of one video); the better evidence image is kept. */
    StudentSighting merge(StudentSighting other) {
        if (!name.equals(other.name)) {
            throw new IllegalArgumentException("cannot merge sightings of " + name + " and " + other.name);
        }
        return new StudentSighting(name, Math.min(firstSeenMicros, other.firstSeenMicros),
                Math.max(lastSeenMicros, other.lastSeenMicros), seenMicros + other.seenMicros, frames + other.frames,
                Math.max(bestSimilarity, other.bestSimilarity),
                Optional.ofNullable(FaceCrop.better(evidence.orElse(null), other.evidence.orElse(null))));
    }

    public double firstSeenSeconds() {
        return firstSeenMicros / 1e6;
    }

    public double lastSeenSeconds() {
        return lastSeenMicros / 1e6;
    }

    public double seenSeconds() {
        return seenMicros / 1e6;
    }
}
