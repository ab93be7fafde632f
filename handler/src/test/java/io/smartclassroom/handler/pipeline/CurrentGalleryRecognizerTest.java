package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EnrolledStudent;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.MatchPolicy;
import io.smartclassroom.handler.face.ModelIdentity;
import io.smartclassroom.handler.recognition.RecognitionResult;
import io.smartclassroom.handler.recognition.VideoRecognizer;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CurrentGalleryRecognizerTest {
    private static final ModelIdentity MODEL = new ModelIdentity("test", "a".repeat(64), 2);
    private static final MatchPolicy POLICY = new MatchPolicy(0.45, 0.10, 0.60);

    private static FaceGallery gallery(String... names) {
        List<EnrolledStudent> students = new ArrayList<>();
        for (String name : names) {
            students.add(new EnrolledStudent(name, List.of(new float[] {1, 0}), List.of()));
        }
        return FaceGallery.of(new Encodings(MODEL, students), POLICY);
    }

    /** Answers with every student of the gallery it was made for; remembers whether it was closed. */
    private static final class GalleryEcho implements VideoRecognizer {
        final FaceGallery gallery;
        boolean closed;

        GalleryEcho(FaceGallery gallery) {
            this.gallery = gallery;
        }

        @Override
        public VideoAnalysis analyze(Path video) {
            return ScriptedRecognizer.analysis(new RecognitionResult(gallery.students(), 1, 1, 0, ""));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aNewGalleryGetsANewRecognizerForTheNextVideoAndTheOldOneIsClosed() throws Exception {
        FaceGallery first = gallery("ann");
        AtomicReference<FaceGallery> current = new AtomicReference<>(first);
        List<GalleryEcho> made = new ArrayList<>();
        try (CurrentGalleryRecognizer recognizer = new CurrentGalleryRecognizer(first, current::get, g -> {
            GalleryEcho echo = new GalleryEcho(g);
            made.add(echo);
            return echo;
        })) {
            assertThat(recognizer.recognize(Path.of("a.mp4")).students()).containsExactly("ann");
            assertThat(recognizer.recognize(Path.of("b.mp4")).students()).containsExactly("ann");
            assertThat(made).hasSize(1);

            current.set(gallery("ann", "bob"));
            assertThat(recognizer.recognize(Path.of("c.mp4")).students()).containsExactly("ann", "bob");
            assertThat(made).hasSize(2);
            assertThat(made.get(0).closed).isTrue();
            assertThat(made.get(1).closed).isFalse();
        }
        assertThat(made.get(1).closed).isTrue();
    }
}
