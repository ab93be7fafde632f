package io.smartclassroom.handler.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.Photos;
import io.smartclassroom.handler.face.RecognitionModels;
import io.smartclassroom.handler.face.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production recognizer, OpenCV Zoo SFace through {@code FaceRecognizerSF}. Its 38 MB file is not on
 * the build machines: the test is skipped unless {@code face_recognition_sface_2021dec.onnx} is in
 * {@code $ASSETS_DIR/models}.
 */
class SFaceRecognitionTest {
    private static FaceModels models;

    @TempDir
    Path temp;

    @BeforeEach
    void loadSface() {
        Path file = TestAssets.modelsDir().resolve(RecognitionModels.resolve(RecognitionModels.SFACE).file());
        assumeTrue(Files.isRegularFile(file), () -> file + " is absent (too large for these machines): skipping the SFace test; "
                + "download it from " + RecognitionModels.resolve(RecognitionModels.SFACE).source());
        if (models == null) {
            models = FaceModels.load(TestAssets.modelsDir(), RecognitionModels.SFACE);
        }
    }

    @Test
    void recognisesOtherPhotosOfTheEnrolledPeopleAndNotOthers() {
        try (FaceEngine engine = models.newEngine()) {
            FaceGallery gallery = FaceGallery.of(FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    new FaceEnrollment.StudentPhotos(Map.of("obama", List.of(TestAssets.require("faces/obama/obama.jpg"))), List.of()))
                    .encodings(), models.matchPolicy());
            assertThat(identify(engine, gallery, "faces/obama/obama1.jpg")).isEqualTo("obama");
            assertThat(identify(engine, gallery, "faces/obama/obama2.jpg")).isEqualTo("obama");
            assertThat(identify(engine, gallery, "faces/biden/biden2.jpg")).isEqualTo("unknown");
        }
    }

    @Test
    void recognisesTheCourseClips() throws Exception {
        Path encodings = temp.resolve("sface.json");
        try (FaceEngine engine = models.newEngine()) {
            EncodingsFile.write(encodings, FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    FaceEnrollment.findStudentPhotos(TestAssets.require("course/enroll"))).encodings());
        }
        FaceRecognition recognition = FaceRecognition.load(new RecognitionSettings(TestAssets.modelsDir(), "sface", encodings, 2));
        assertThat(recognition.description()).contains("sface", "128-d");
        try (VideoRecognizer recognizer = recognition.newVideoRecognizer()) {
            assertThat(recognizer.recognize(TestAssets.require("course/test_case_1/test_8.mp4")).students()).containsExactly("president_obama");
            assertThat(recognizer.recognize(TestAssets.require("course/test_case_1/test_2.mp4")).students()).containsExactly("mr_bean");
        }
    }

    private static String identify(FaceEngine engine, FaceGallery gallery, String photo) {
        try (Mat image = Photos.read(TestAssets.require(photo))) {
            List<DetectedFace> faces = engine.detectInPhoto(image);
            assertThat(faces).hasSize(1);
            FaceMatch match = gallery.match(engine.embed(image, faces.get(0)));
            return match.name();
        }
    }
}
