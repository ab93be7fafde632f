package io.smartclassroom.handler.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.EnrolledStudent;
import io.smartclassroom.handler.face.FaceDetectorModel;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.InvalidEncodingsException;
import io.smartclassroom.handler.face.ModelIdentity;
import io.smartclassroom.handler.face.ModelLoadException;
import io.smartclassroom.handler.face.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public entry point: load once (verified models + encodings), then one recognizer per thread. */
class FaceRecognitionTest {
    @TempDir
    static Path shared;

    private static Path courseEncodings;

    @TempDir
    Path temp;

    @BeforeAll
    static void enrollTheCourse() throws Exception {
        FaceModels models = TestAssets.standInModels();
        try (FaceEngine engine = models.newEngine()) {
            courseEncodings = shared.resolve("course.json");
            EncodingsFile.write(courseEncodings, FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    FaceEnrollment.findStudentPhotos(TestAssets.require("course/enroll"))).encodings());
        }
    }

    private static RecognitionSettings settings(Path modelsDir, Path encodings) {
        return new RecognitionSettings(modelsDir, "faceplugin", encodings, 2.0);
    }

    private static Path clip(String name) {
        return TestAssets.require("course/test_case_1/" + name);
    }

    @Test
    void loadsVerifiedModelsAndEncodingsAndDescribesThemInOneLine() {
        FaceRecognition recognition = FaceRecognition.load(settings(TestAssets.modelsDir(), courseEncodings));
        assertThat(recognition.enrolledStudents()).hasSize(8).contains("floki", "president_obama");
        assertThat(recognition.description())
                .doesNotContain("\n")
                .contains("YuNet 2023mar", "faceplugin", "512-d", "cosine >= 0.450", "margin >= 0.100",
                        "8 students enrolled", "2.00 fps");
    }

    @Test
    void recognizersOnSeveralThreadsShareTheLoadedState() throws Exception {
        FaceRecognition recognition = FaceRecognition.load(settings(TestAssets.modelsDir(), courseEncodings));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results = List.of("test_8.mp4", "test_6.mp4", "test_0.mp4", "test_2.mp4").stream()
                    .map(name -> threads.submit(() -> {
                        try (VideoRecognizer recognizer = recognition.newVideoRecognizer()) {
                            return recognizer.recognize(clip(name)).students();
                        }
                    }))
                    .toList();
            assertThat(results.get(0).get()).containsExactly("president_obama");
            assertThat(results.get(1).get()).containsExactly("floki");
            assertThat(results.get(2).get()).containsExactly("president_trump");
            assertThat(results.get(3).get()).containsExactly("mr_bean");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRecognizerIsReusedForManyVideos() throws Exception {
        FaceRecognition recognition = FaceRecognition.load(settings(TestAssets.modelsDir(), courseEncodings));
        try (VideoRecognizer recognizer = recognition.newVideoRecognizer()) {
            for (int round = 0; round < 3; round++) {
                assertThat(recognizer.recognize(clip("test_7.mp4")).students()).containsExactly("morgan_freeman");
                assertThat(recognizer.recognize(clip("test_4.mp4")).students()).containsExactly("johnny_dep");
            }
        }
    }

    @Test
    void refusesEncodingsMadeWithAnotherModel() throws Exception {
        Path sfaceEncodings = temp.resolve("sface.json");
        float[] embedding = new float[128];
        embedding[0] = 1;
        EncodingsFile.write(sfaceEncodings, new Encodings(
                new ModelIdentity("sface", "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79", 128),
                List.of(new EnrolledStudent("floki", List.of(embedding), List.of("floki.jpg")))));
        assertThatThrownBy(() -> FaceRecognition.load(settings(TestAssets.modelsDir(), sfaceEncodings)))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining("made with recognition model sface")
                .hasMessageContaining("the loaded model is faceplugin");
    }

    @Test
    void refusesMissingEncodingsAndAnEmptyEnrolment() throws Exception {
        assertThatThrownBy(() -> FaceRecognition.load(settings(TestAssets.modelsDir(), temp.resolve("none.json"))))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining("does not exist");
        Path empty = temp.resolve("empty.json");
        EncodingsFile.write(empty, new Encodings(TestAssets.standInModels().identity(), List.of()));
        assertThatThrownBy(() -> FaceRecognition.load(settings(TestAssets.modelsDir(), empty)))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining("enrolls no student");
    }

    @Test
    void refusesAMissingOrAlteredModelFileNamingIt() throws Exception {
        Path models = Files.createDirectories(temp.resolve("models"));
        Files.createSymbolicLink(models.resolve(FaceDetectorModel.FILE), TestAssets.modelsDir().resolve(FaceDetectorModel.FILE));
        assertThatThrownBy(() -> FaceRecognition.load(settings(models, courseEncodings)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("faceplugin_fr_feature.onnx is missing")
                .hasMessageContaining("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
        byte[] altered = Files.readAllBytes(TestAssets.modelsDir().resolve("faceplugin_fr_feature.onnx"));
        altered[altered.length / 2] ^= 1;
        Files.write(models.resolve("faceplugin_fr_feature.onnx"), altered);
        assertThatThrownBy(() -> FaceRecognition.load(settings(models, courseEncodings)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("faceplugin_fr_feature.onnx has SHA-256")
                .hasMessageContaining("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581 is pinned");
    }
}
