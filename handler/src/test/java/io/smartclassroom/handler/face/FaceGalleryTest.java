package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceGalleryTest {
    private static final ModelIdentity MODEL = new ModelIdentity("test", "a".repeat(64), 3);
    private static final MatchPolicy POLICY = new MatchPolicy(0.45, 0.10, 0.60);

    private static float[] unit(double... values) {
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = (float) values[i];
        }
        return Embeddings.normalize(vector);
    }

    /** A unit vector at {@code similarity} to the x axis, in the x-y plane. */
    private static float[] atSimilarityToX(double similarity) {
        return unit(similarity, Math.sqrt(1 - similarity * similarity), 0);
    }

    private static FaceGallery gallery(EnrolledStudent... students) {
        return FaceGallery.of(new Encodings(MODEL, List.of(students)), POLICY);
    }

    @Test
    void recognisesTheStudentAboveTheThreshold() {
        FaceGallery gallery = gallery(
                new EnrolledStudent("alice", List.of(unit(1, 0, 0)), List.of()),
                new EnrolledStudent("bob", List.of(unit(0, 0, 1)), List.of()));
        FaceMatch match = gallery.match(atSimilarityToX(0.8));
        assertThat(match.recognised()).isTrue();
        assertThat(match.name()).isEqualTo("alice");
        assertThat(match.similarity()).isCloseTo(0.8, within(1e-6));
        assertThat(match.runnerUpSimilarity()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void belowTheThresholdIsUnknownNotTheNearestName() {
        FaceGallery gallery = gallery(new EnrolledStudent("alice", List.of(unit(1, 0, 0)), List.of()));
        FaceMatch match = gallery.match(atSimilarityToX(0.44));
        assertThat(match.recognised()).isFalse();
        assertThat(match.name()).isEqualTo("unknown");
        assertThat(match.nearestStudent()).isEqualTo("alice");
        assertThat(match.student()).isEmpty();
    }

    @Test
    void twoStudentsTooCloseToCallIsUnknown() {
        // The face is at 0.70 to alice and 0.65 to bob: above the threshold, but only 0.05 apart (0.10 required).
        FaceGallery gallery = gallery(
                new EnrolledStudent("alice", List.of(unit(0.70, Math.sqrt(1 - 0.70 * 0.70), 0)), List.of()),
                new EnrolledStudent("bob", List.of(unit(0.65, 0, Math.sqrt(1 - 0.65 * 0.65))), List.of()));
        FaceMatch match = gallery.match(unit(1, 0, 0));
        assertThat(match.nearestStudent()).isEqualTo("alice");
        assertThat(match.similarity()).isCloseTo(0.70, within(1e-6));
        assertThat(match.runnerUpSimilarity()).isCloseTo(0.65, within(1e-6));
        assertThat(match.recognised()).isFalse();
        assertThat(match.name()).isEqualTo("unknown");
    }

    @Test
    void aStudentsBestEmbeddingCounts() {
        FaceGallery gallery = gallery(
                new EnrolledStudent("alice", List.of(unit(0, 0, 1), unit(1, 0, 0)), List.of("a.jpg", "b.jpg")),
                new EnrolledStudent("bob", List.of(unit(0, 1, 0)), List.of()));
        FaceMatch match = gallery.match(unit(1, 0.1, 0));
        assertThat(match.name()).isEqualTo("alice");
        assertThat(match.similarity()).isGreaterThan(0.99);
        assertThat(gallery.embeddingCount()).isEqualTo(3);
    }

    @Test
    void refusesAnEmbeddingOfAnotherDimension() {
        FaceGallery gallery = gallery(new EnrolledStudent("alice", List.of(unit(1, 0, 0)), List.of()));
        assertThatThrownBy(() -> gallery.match(new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2-d");
    }

    @Test
    void reservedAndUnsafeNamesCannotBeEnrolled() {
        assertThatThrownBy(() -> new EnrolledStudent("unknown", List.of(unit(1, 0, 0)), List.of()))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> new EnrolledStudent("a,b", List.of(unit(1, 0, 0)), List.of()))
                .hasMessageContaining("comma");
    }
}
