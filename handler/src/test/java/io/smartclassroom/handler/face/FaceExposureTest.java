package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class FaceExposureTest {
    @Test
    void anUnderExposedFaceIsBroughtUpToANormalBrightness() {
        try (Mat face = new Mat(112, 112, CV_8UC3, new Scalar(30, 30, 30, 0))) {
            double gain = FaceExposure.correct(face);
            assertThat(gain).isCloseTo(FaceExposure.TARGET / 30, within(1e-9));
            assertThat(FaceExposure.centralLuma(face)).isCloseTo(FaceExposure.TARGET, within(1.0));
        }
    }

    @Test
    void aWellLitFaceIsLeftExactlyAsItIs() {
        try (Mat face = new Mat(112, 112, CV_8UC3, new Scalar(100, 120, 140, 0))) {
            assertThat(FaceExposure.correct(face)).isEqualTo(1);
            assertThat(FaceExposure.centralLuma(face)).isCloseTo(0.114 * 100 + 0.587 * 120 + 0.299 * 140, within(1e-6));
        }
    }

    @Test
    void blackCornersFromTheImageEdgeDoNotCountAsDarkness() {
        try (Mat face = new Mat(112, 112, CV_8UC3, new Scalar(0, 0, 0, 0));
                Rect middle = new Rect(20, 20, 72, 72);
                Mat inside = new Mat(face, middle)) {
            inside.put(new Mat(72, 72, CV_8UC3, new Scalar(120, 120, 120, 0)));
            assertThat(FaceExposure.correct(face)).isEqualTo(1);
        }
    }

    @Test
    void theGainIsBounded() {
        try (Mat face = new Mat(112, 112, CV_8UC3, new Scalar(5, 5, 5, 0))) {
            assertThat(FaceExposure.correct(face)).isEqualTo(FaceExposure.MAX_GAIN);
        }
    }
}
