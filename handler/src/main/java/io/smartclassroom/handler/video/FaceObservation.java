package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceMatch;

/** A face seen in one examined frame and how it matched the enrolled students. */
public record FaceObservation(DetectedFace face, FaceMatch match) {
    public FaceObservation {
        requireNonNull(face, "face");
        requireNonNull(match, "match");
    }
}
