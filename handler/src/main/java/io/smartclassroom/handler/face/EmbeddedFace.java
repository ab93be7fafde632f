package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

/** A detected face and its L2-normalised embedding. The array is not copied: treat it as read-only. */
public record EmbeddedFace(DetectedFace face, float[] embedding) {
    public EmbeddedFace {
        requireNonNull(face, "face");
        requireNonNull(embedding, "embedding");
    }
}
