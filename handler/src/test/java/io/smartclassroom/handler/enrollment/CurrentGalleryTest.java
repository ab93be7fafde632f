package io.smartclassroom.handler.enrollment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.EnrolledStudent;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.MatchPolicy;
import io.smartclassroom.handler.face.ModelIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurrentGalleryTest {
    private static final ModelIdentity MODEL = new ModelIdentity("test", "a".repeat(64), 2);
    private static final MatchPolicy POLICY = new MatchPolicy(0.45, 0.10, 0.60);

    @TempDir
    Path temp;

    /** A source whose content the test sets; it records the versions it was asked about. */
    private static final class ScriptedSource implements EncodingsSource {
        private Content content;
        private RuntimeException failure;
        private final List<String> asked = new ArrayList<>();

        @Override
        public Optional<Content> fetchIfChanged(String version) {
            asked.add(version);
            if (failure != null) {
                throw failure;
            }
            return content == null || content.version().equals(version) ? Optional.empty() : Optional.of(content);
        }

        @Override
        public String location() {
            return "s3://config/encodings.json";
        }
    }

    private static Encodings encodings(ModelIdentity model, String... names) {
        List<EnrolledStudent> students = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            students.add(new EnrolledStudent(names[i], List.of(new float[] {1, i}), List.of()));
        }
        return new Encodings(model, students);
    }

    private byte[] json(Encodings encodings) throws IOException {
        Path file = temp.resolve("e-" + System.nanoTime() + ".json");
        EncodingsFile.write(file, encodings);
        return Files.readAllBytes(file);
    }

    private final AtomicLong clock = new AtomicLong();
    private final ScriptedSource source = new ScriptedSource();
    private final FaceGallery initial = FaceGallery.of(encodings(MODEL, "ann", "bob"), POLICY);

    private CurrentGallery gallery(Duration interval) {
        return new CurrentGallery(source, initial, "\"v1\"", interval, clock::get);
    }

    @Test
    void checksAtMostOncePerIntervalWithTheVersionItHas() throws Exception {
        CurrentGallery gallery = gallery(Duration.ofSeconds(60));
        source.content = new EncodingsSource.Content(json(encodings(MODEL, "ann", "bob", "cy")), "\"v2\"");

        clock.set(Duration.ofSeconds(59).toNanos());
        assertThat(gallery.get()).isSameAs(initial);
        assertThat(source.asked).isEmpty();

        clock.set(Duration.ofSeconds(60).toNanos());
        FaceGallery changed = gallery.get();
        assertThat(source.asked).containsExactly("\"v1\"");
        assertThat(changed.students()).containsExactly("ann", "bob", "cy");
        assertThat(gallery.version()).isEqualTo("\"v2\"");

        clock.set(Duration.ofSeconds(119).toNanos());
        assertThat(gallery.get()).isSameAs(changed);
        assertThat(source.asked).hasSize(1);
        clock.set(Duration.ofSeconds(120).toNanos());
        assertThat(gallery.get()).isSameAs(changed);
        assertThat(source.asked).containsExactly("\"v1\"", "\"v2\"");
    }

    @Test
    void zeroChecksBeforeEveryVideoAndAnUnchangedSourceKeepsTheSameGallery() {
        CurrentGallery gallery = gallery(Duration.ZERO);
        assertThat(gallery.get()).isSameAs(initial);
        assertThat(gallery.get()).isSameAs(initial);
        assertThat(source.asked).containsExactly("\"v1\"", "\"v1\"");
    }

    @Test
    void aRemovedStudentIsNoLongerInTheNextGallery() throws Exception {
        CurrentGallery gallery = gallery(Duration.ZERO);
        source.content = new EncodingsSource.Content(json(encodings(MODEL, "bob")), "\"v2\"");
        assertThat(gallery.get().students()).containsExactly("bob");
    }

    @Test
    void aFailedRefreshKeepsTheGalleryAndTheVersionAndTriesAgainNextTime() throws Exception {
        CurrentGallery gallery = gallery(Duration.ZERO);
        source.failure = new IllegalStateException("S3 is down");
        assertThat(gallery.get()).isSameAs(initial);
        assertThat(gallery.version()).isEqualTo("\"v1\"");

        source.failure = null;
        source.content = new EncodingsSource.Content("{not json".getBytes(UTF_8), "\"v2\"");
        assertThat(gallery.get()).isSameAs(initial);

        source.content = new EncodingsSource.Content(json(encodings(new ModelIdentity("other", "b".repeat(64), 2), "ann")), "\"v3\"");
        assertThat(gallery.get()).isSameAs(initial);

        source.content = new EncodingsSource.Content(json(encodings(MODEL)), "\"v4\"");
        assertThat(gallery.get()).isSameAs(initial);
        assertThat(gallery.version()).isEqualTo("\"v1\"");
        assertThat(source.asked).containsOnly("\"v1\"").hasSize(4);

        source.content = new EncodingsSource.Content(json(encodings(MODEL, "cy")), "\"v5\"");
        assertThat(gallery.get().students()).containsExactly("cy");
    }

    @Test
    void aFileSourceSeesANewVersionWhenTheFileChanges() throws Exception {
        Path file = temp.resolve("encodings.json");
        EncodingsFile.write(file, encodings(MODEL, "ann"));
        FileEncodingsSource files = new FileEncodingsSource(file);
        String version = files.currentVersion();
        assertThat(files.fetchIfChanged(version)).isEmpty();

        EncodingsFile.write(file, encodings(MODEL, "ann", "bob"));
        Optional<EncodingsSource.Content> changed = files.fetchIfChanged(version);
        assertThat(changed).isPresent();
        assertThat(EncodingsFile.parse(changed.get().json(), "test").studentNames()).containsExactly("ann", "bob");
        assertThat(changed.get().version()).isNotEqualTo(version);
    }
}
