package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One face found by the detector, in the coordinates of the image it was found in: its box, YuNet's
 * five landmarks (right eye, left eye, nose tip, right and left mouth corner — "right" being the
 * person's right, on the viewer's left) and the detector's score.
 */
public record DetectedFace(double x, double y, double width, double height, List<Point> landmarks, double score) {

    /** A landmark position in pixels. */
    public record Point(double x, double y) {}

    public DetectedFace {
        requireNonNull(landmarks, "landmarks");
        if (landmarks.size() != 5) {
            throw new IllegalArgumentException("5 landmarks expected: " + landmarks);
        }
        landmarks = List.copyOf(landmarks);
    }

    public double area() {
        return width * height;
    }

    public double centerX() {
        return x + width / 2;
    }

    /**
     * Whether the landmarks are laid out like a face seen from the front or in half profile: the nose tip
     * between the eyes along the line joining them, the mouth below the eyes, and the eyes at least a fifth
     * of the box width apart. Measured on the course clips and photos: false detections (clouds, a painted
     * background) fail this, every face of a student passes it; a face in full profile fails it too, and
     * could not be recognised anyway.
     */
    public boolean plausibleLandmarks() {
        Point rightEye = landmarks.get(0);
        Point leftEye = landmarks.get(1);
        Point nose = landmarks.get(2);
        double eyeX = leftEye.x() - rightEye.x();
        double eyeY = leftEye.y() - rightEye.y();
        double eyeDistance = Math.hypot(eyeX, eyeY);
        if (!(eyeDistance > 0) || eyeDistance < 0.2 * width) {
            return false;
        }
        double noseAlongEyes = ((nose.x() - rightEye.x()) * eyeX + (nose.y() - rightEye.y()) * eyeY) / (eyeDistance * eyeDistance);
        double mouthX = (landmarks.get(3).x() + landmarks.get(4).x() - rightEye.x() - leftEye.x()) / 2;
        double mouthY = (landmarks.get(3).y() + landmarks.get(4).y() - rightEye.y() - leftEye.y()) / 2;
        double mouthBelowEyes = (mouthY * eyeX - mouthX * eyeY) / eyeDistance;
        return noseAlongEyes > 0 && noseAlongEyes < 1 && mouthBelowEyes > 0.3 * eyeDistance;
    }

    /** Distance between the eyes, a scale-robust measure of the face's size in pixels. */
    public double eyeDistance() {
        Point right = landmarks.get(0);
        Point left = landmarks.get(1);
        return Math.hypot(left.x() - right.x(), left.y() - right.y());
    }
}
