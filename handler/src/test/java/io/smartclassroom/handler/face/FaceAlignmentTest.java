package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceAlignmentTest {

    private static List<DetectedFace.Point> template() {
        List<DetectedFace.Point> points = new ArrayList<>();
        for (double[] p : FaceAlignment.ARCFACE_112) {
            points.add(new DetectedFace.Point(p[0], p[1]));
        }
        return points;
    }

    private static double[] apply(double[] m, DetectedFace.Point p) {
        return new double[] {m[0] * p.x() + m[1] * p.y() + m[2], m[3] * p.x() + m[4] * p.y() + m[5]};
    }

    @Test
    void templateMapsOntoItself() {
        double[] m = FaceAlignment.similarityToTemplate(template(), 112, 112);
        assertThat(m).containsExactly(new double[] {1, 0, 0, 0, 1, 0}, within(1e-9));
    }

    @Test
    void recoversRotationScaleAndTranslationOfTheLandmarks() {
        // The template turned by 30°, scaled 3× and moved: the estimated transform must undo exactly that.
        double angle = Math.toRadians(30);
        double scale = 3;
        List<DetectedFace.Point> moved = template().stream()
                .map(p -> new DetectedFace.Point(
                        scale * (Math.cos(angle) * p.x() - Math.sin(angle) * p.y()) + 400,
                        scale * (Math.sin(angle) * p.x() + Math.cos(angle) * p.y()) + 250))
                .toList();
        double[] m = FaceAlignment.similarityToTemplate(moved, 112, 112);
        for (int i = 0; i < 5; i++) {
            double[] mapped = apply(m, moved.get(i));
            assertThat(mapped[0]).isCloseTo(FaceAlignment.ARCFACE_112[i][0], within(1e-6));
            assertThat(mapped[1]).isCloseTo(FaceAlignment.ARCFACE_112[i][1], within(1e-6));
        }
        assertThat(Math.hypot(m[0], m[3])).isCloseTo(1 / scale, within(1e-9));
    }

    @Test
    void scalesTheTemplateToOtherInputSizes() {
        double[] m = FaceAlignment.similarityToTemplate(template(), 224, 224);
        double[] mapped = apply(m, template().get(2));
        assertThat(mapped[0]).isCloseTo(2 * FaceAlignment.ARCFACE_112[2][0], within(1e-6));
        assertThat(mapped[1]).isCloseTo(2 * FaceAlignment.ARCFACE_112[2][1], within(1e-6));
    }

    @Test
    void refusesDegenerateLandmarks() {
        List<DetectedFace.Point> same = List.of(new DetectedFace.Point(5, 5), new DetectedFace.Point(5, 5),
                new DetectedFace.Point(5, 5), new DetectedFace.Point(5, 5), new DetectedFace.Point(5, 5));
        assertThatThrownBy(() -> FaceAlignment.similarityToTemplate(same, 112, 112))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("degenerate");
    }
}
