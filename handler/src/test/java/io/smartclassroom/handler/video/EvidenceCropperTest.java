package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.smartclassroom.handler.face.DetectedFace;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** Cutting evidence images out of a synthetic frame: the margin, the height, JPEG that decodes, and the edges. */
class EvidenceCropperTest {

    private static DetectedFace face(double x, double y, double width, double height) {
        return new DetectedFace(x, y, width, height, List.of(
                new DetectedFace.Point(x + 0.3 * width, y + 0.4 * height), new DetectedFace.Point(x + 0.7 * width, y + 0.4 * height),
                new DetectedFace.Point(x + 0.5 * width, y + 0.6 * height), new DetectedFace.Point(x + 0.35 * width, y + 0.8 * height),
                new DetectedFace.Point(x + 0.65 * width, y + 0.8 * height)), 0.9);
    }

    /** A grey 1920x1080 frame with a white 200x240 box at 800,400: the "face". */
    private static Mat frame() {
        Mat frame = new Mat(1080, 1920, CV_8UC3, new Scalar(60, 60, 60, 0));
        try (Rect box = new Rect(800, 400, 200, 240); Mat region = new Mat(frame, box)) {
            region.put(new Scalar(250, 250, 250, 0));
        }
        return frame;
    }

    private static Mat decode(byte[] jpeg) {
        Mat decoded = imdecode(new Mat(new org.bytedeco.javacpp.BytePointer(jpeg)), IMREAD_COLOR);
        assertThat(decoded.empty()).as("decodable JPEG").isFalse();
        return decoded;
    }

    @Test
    void aFaceIsCutWithItsMarginAndScaledTo160PixelsTall() {
        try (Mat frame = frame()) {
            byte[] jpeg = EvidenceCropper.DEFAULT.crop(frame, face(800, 400, 200, 240));

            assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
            try (Mat image = decode(jpeg)) {
                assertThat(image.rows()).isEqualTo(160);
                // The box grows by 40 % of its size on each side: 360x432, scaled to 160 tall keeps the aspect ratio.
                assertThat(image.cols()).isEqualTo((int) Math.round(360 * 160.0 / 432));
                // The centre is the face (white), the corners are the margin (grey background).
                assertThat(image.ptr(80, image.cols() / 2).get() & 0xFF).isGreaterThan(200);
                assertThat(image.ptr(3, 3).get() & 0xFF).isLessThan(100);
            }
        }
    }

    @Test
    void aFaceAtTheEdgeIsCutToTheFrameAndASmallFaceIsEnlarged() {
        try (Mat frame = frame()) {
            try (Mat image = decode(EvidenceCropper.DEFAULT.crop(frame, face(-10, 1040, 30, 36)))) {
                assertThat(image.rows()).isEqualTo(160);
                assertThat(image.cols()).isPositive();
            }
        }
    }

    @Test
    void aBoxOutsideTheFrameIsAnErrorThatSaysSo() {
        try (Mat frame = frame()) {
            assertThatThrownBy(() -> EvidenceCropper.DEFAULT.crop(frame, face(3000, 2000, 50, 60)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lies outside the 1920x1080 frame");
        }
    }

    @Test
    void theBetterCropOfAStudentIsKeptWhenSightingsMerge() {
        FaceCrop weak = new FaceCrop(new byte[] {1, 2, 3}, 0.5, 1_000_000);
        FaceCrop strong = new FaceCrop(new byte[] {4, 5, 6}, 0.7, 9_000_000);
        StudentSighting early = new StudentSighting("ann", 0, 2_000_000, 1_000_000, 2, 0.5, Optional.of(weak));
        StudentSighting late = new StudentSighting("ann", 8_000_000, 9_000_000, 1_000_000, 2, 0.7, Optional.of(strong));
        StudentSighting none = new StudentSighting("ann", 20_000_000, 21_000_000, 1_000_000, 2, 0.9);

        assertThat(early.merge(late).evidence()).contains(strong);
        assertThat(late.merge(early).evidence()).contains(strong);
        assertThat(early.merge(none).evidence()).as("a sighting without a crop keeps the other's").contains(weak);
        VideoAnalysis merged = VideoAnalysis.merge(List.of(
                new VideoAnalysis(List.of(early), 4, 4, 2, 0, 0, 0, false, 1, "", AnalysisStats.NONE, 60_000_000, 5_000_000, List.of()),
                new VideoAnalysis(List.of(late), 4, 4, 2, 0, 0, 1, false, 1, "", AnalysisStats.NONE, 60_000_000, 5_000_000,
                        List.of(weak))));
        assertThat(merged.students()).singleElement().satisfies(s -> assertThat(s.evidence()).contains(strong));
        assertThat(merged.unknownEvidence()).containsExactly(weak);
        assertThat(merged.durationMicros()).isEqualTo(60_000_000);
    }
}
