package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceEnrollmentTest {
    private static FaceModels models;
    private static FaceEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModels() {
        models = TestAssets.standInModels();
        engine = models.newEngine();
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private Path link(String name, String asset) throws Exception {
        Path link = dir.resolve(name);
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, TestAssets.require(asset));
    }

    private FaceEnrollment.Result enroll() throws Exception {
        return FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(), FaceEnrollment.findStudentPhotos(dir));
    }

    @Test
    void findsSubFoldersAndNamedPhotosAndSkipsTheRest() throws Exception {
        Files.createDirectories(dir.resolve("alice"));
        Files.writeString(dir.resolve("alice/1.jpg"), "x");
        Files.writeString(dir.resolve("alice/2.PNG"), "x");
        Files.writeString(dir.resolve("alice/notes.txt"), "x");
        Files.writeString(dir.resolve("bob smith.jpeg"), "x");
        Files.writeString(dir.resolve("README.md"), "x");
        Files.writeString(dir.resolve(".hidden.jpg"), "x");
        FaceEnrollment.StudentPhotos photos = FaceEnrollment.findStudentPhotos(dir);
        assertThat(photos.photos()).containsOnlyKeys("alice", "bob smith");
        assertThat(photos.photos().get("alice")).containsExactly(dir.resolve("alice/1.jpg"), dir.resolve("alice/2.PNG"));
        assertThat(photos.skipped()).containsExactlyInAnyOrder(dir.resolve("alice/notes.txt"), dir.resolve("README.md"));
    }

    @Test
    void severalPhotosOfAStudentGiveSeveralEmbeddings() throws Exception {
        link("obama/a.jpg", "faces/obama/obama.jpg");
        link("obama/b.jpg", "faces/obama/obama1.jpg");
        link("biden.jpg", "faces/biden/biden.jpg");
        FaceEnrollment.Result result = enroll();
        assertThat(result.encodings().studentNames()).containsExactly("biden", "obama");
        EnrolledStudent obama = result.encodings().students().get(1);
        assertThat(obama.embeddings()).hasSize(2);
        assertThat(obama.sources()).containsExactly("a.jpg", "b.jpg");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void warnsWhenAStudentsPhotosShowDifferentPeople() throws Exception {
        link("obama/a.jpg", "faces/obama/obama.jpg");
        link("obama/b.jpg", "faces/biden/biden.jpg");
        assertThat(enroll().warnings()).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("a.jpg and b.jpg look like different people"));
    }

    @Test
    void refusesPhotosWithoutExactlyOneClearFaceNamingEveryFileAndWritesNothing() throws Exception {
        link("pair.jpg", "faces/group/two_people.jpg");
        link("fine.jpg", "faces/obama/obama.jpg");
        try (Mat noise = new Mat(300, 400, CV_8UC3); Mat low = new Mat(1, 1, CV_8UC1, new Scalar(0));
                Mat high = new Mat(1, 1, CV_8UC1, new Scalar(255))) {
            randu(noise, low, high);
            imwrite(dir.resolve("noise.png").toString(), noise);
        }
        Files.writeString(dir.resolve("text.jpg"), "this is not an image");
        assertThatThrownBy(this::enroll)
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining(dir.resolve("pair.jpg") + ": 2 faces found and none clearly the main one")
                .hasMessageContaining(dir.resolve("noise.png") + " (400x300): no face found")
                .hasMessageContaining(dir.resolve("text.jpg") + " is not a readable image")
                .hasMessageNotContaining("fine.jpg");
    }

    @Test
    void takesTheLargestFaceOnlyWhenItClearlyDominates() throws Exception {
        // Obama's portrait with a small copy of Biden's face pasted in a corner.
        Path composed = dir.resolve("obama.png");
        try (Mat obama = Photos.read(TestAssets.require("faces/obama/obama1.jpg"));
                Mat biden = Photos.read(TestAssets.require("faces/biden/biden.jpg"));
                Mat small = new Mat(); Size size = new Size(biden.cols() / 5, biden.rows() / 5)) {
            resize(biden, small, size, 0, 0, INTER_AREA);
            try (Rect corner = new Rect(0, 0, small.cols(), Math.min(small.rows(), obama.rows()));
                    Mat target = new Mat(obama, corner); Mat source = new Mat(small, new Rect(0, 0, corner.width(), corner.height()))) {
                source.copyTo(target);
            }
            imwrite(composed.toString(), obama);
        }
        FaceEnrollment.PhotoFace face = FaceEnrollment.embedOneFace(engine, composed);
        assertThat(face.facesInPhoto()).isEqualTo(2);
        FaceEnrollment.PhotoFace alone = FaceEnrollment.embedOneFace(engine, TestAssets.require("faces/obama/obama.jpg"));
        assertThat(Embeddings.cosine(face.embedding(), alone.embedding())).isGreaterThan(models.matchPolicy().cosineThreshold());
    }

    @Test
    void aFaceTooSmallForTheRecognizerEnrollsWithAWarningNamingThePhotoAndTheFaceSize() throws Exception {
        Path thumbnail = dir.resolve("obama.png");
        try (Mat obama = Photos.read(TestAssets.require("faces/obama/obama.jpg")); Mat small = new Mat();
                Size size = new Size(64, 64 * obama.rows() / obama.cols())) {
            resize(obama, small, size, 0, 0, INTER_AREA);
            imwrite(thumbnail.toString(), small);
        }
        link("biden.jpg", "faces/biden/biden.jpg");

        FaceEnrollment.Result result = enroll();

        assertThat(engine.alignedEyeDistance()).isCloseTo(35.2, org.assertj.core.api.Assertions.within(0.1));
        DetectedFace face = result.faces().get("obama").get(0).face();
        assertThat(face.eyeDistance()).isLessThan(engine.alignedEyeDistance());
        assertThat(result.encodings().studentNames()).containsExactly("biden", "obama");
        assertThat(result.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.student()).isEqualTo("obama");
            assertThat(warning.message()).contains(thumbnail + ": the face is small, "
                    + "%.0fx%.0f px with %.0f px between the eyes, under the 35 px".formatted(face.width(), face.height(), face.eyeDistance()));
        });
    }

    @Test
    void refusesAnEmptyFolderAndReservedNames() throws Exception {
        assertThatThrownBy(this::enroll).isInstanceOf(InvalidPhotoException.class).hasMessageContaining("no student photos found");
        Files.writeString(dir.resolve("unknown.jpg"), "x");
        assertThatThrownBy(() -> FaceEnrollment.findStudentPhotos(dir))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void studentPhotosAreCopiedDefensively() {
        FaceEnrollment.StudentPhotos photos = new FaceEnrollment.StudentPhotos(Map.of("a", List.of(dir)), List.of());
        assertThatThrownBy(() -> photos.photos().put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
