package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceMatch;
import java.util.Optional;

/**
 * A face seen in one examined frame, how it matched the enrolled students, and its evidence image when one was
 * cut (only for faces that could become a student's best match, or an unknown person's crop when asked for).
 */
public record FaceObservation(DetectedFace face, FaceMatch match, Optional<FaceCrop> crop) {
    public FaceObservation {
        requireNonNull(face, "face");
        requireNonNull(match, "match");
        requireNonNull(crop, "crop");
    }

    /** Without an evidence image. */
    public FaceObservation(DetectedFace face, FaceMatch match) {
        this(face, match, Optional.empty());
    }

    public FaceObservation withCrop(FaceCrop evidence) {
        return new FaceObservation(face, match, Optional.of(requireNonNull(evidence, "evidence")));
    }
}
