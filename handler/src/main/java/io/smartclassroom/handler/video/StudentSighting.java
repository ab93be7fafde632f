package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

/**
 * A student recognised in a video: when first seen (microseconds from the first frame), in how many
 * examined frames, and the best similarity of those matches.
 */
public record StudentSighting(String name, long firstSeenMicros, int frames, double bestSimilarity) {
    public StudentSighting {
        requireNonNull(name, "name");
    }
}
