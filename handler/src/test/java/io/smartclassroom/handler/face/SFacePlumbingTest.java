package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.NORM_L1;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceRecognizerSF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFace code path ({@code FaceRecognizerSF}) and the engine's own alignment, exercised without the
 * SFace file: OpenCV's {@code FaceRecognizerSF} accepts any 112×112 ONNX network, so the stand-in's file
 * stands in for SFace here (its embeddings are meaningless this way; only the plumbing is checked).
 */
class SFacePlumbingTest {

    @TempDir
    Path temp;

    @Test
    void ownAlignmentMatchesOpenCvAlignCrop() {
        Path modelsDir = TestAssets.modelsDir();
        FaceModels models = TestAssets.standInModels();
        try (FaceEngine engine = models.newEngine();
                Mat image = Photos.read(TestAssets.require("faces/obama/obama2.jpg"));
                FaceRecognizerSF recognizer = FaceRecognizerSF.create(modelsDir.resolve("faceplugin_fr_feature.onnx").toString(), "");
                Mat faceRow = new Mat(1, 15, CV_32F); Mat byOpenCv = new Mat(); Mat byEngine = new Mat();
                Mat transform = new Mat(2, 3, CV_64F); Size size = new Size(112, 112); Scalar black = new Scalar(0.0)) {
            DetectedFace face = engine.detectInPhoto(image).get(0);
            FloatBuffer row = faceRow.createBuffer();
            row.put((float) face.x()).put((float) face.y()).put((float) face.width()).put((float) face.height());
            face.landmarks().forEach(p -> row.put((float) p.x()).put((float) p.y()));
            row.put((float) face.score());
            recognizer.alignCrop(image, faceRow, byOpenCv);

            transform.<java.nio.DoubleBuffer>createBuffer().put(FaceAlignment.similarityToTemplate(face.landmarks(), 112, 112));
            warpAffine(image, byEngine, transform, size, INTER_LINEAR, BORDER_CONSTANT, black);

            assertThat(byOpenCv.cols()).isEqualTo(112);
            assertThat(byOpenCv.rows()).isEqualTo(112);
            double meanDifference = norm(byOpenCv, byEngine, NORM_L1, null) / (112 * 112 * 3);
            assertThat(meanDifference).as("mean absolute pixel difference").isLessThan(2.0);
        }
    }

    @Test
    void sfaceKindRunsThroughFaceRecognizerSF() throws Exception {
        Path modelsDir = Files.createDirectories(temp.resolve("models"));
        for (String file : new String[] {FaceDetectorModel.FILE, "faceplugin_fr_feature.onnx"}) {
            Files.createSymbolicLink(modelsDir.resolve(file), TestAssets.modelsDir().resolve(file));
        }
        Path descriptor = Files.writeString(temp.resolve("sface-like.json"), """
                {"name": "sface-like", "kind": "sface", "file": "faceplugin_fr_feature.onnx",
                 "sha256": "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "RGB", "mean": [0, 0, 0], "scale": 1.0,
                 "outputDim": 512, "cosineThreshold": 0.363}
                """);
        FaceModels models = FaceModels.load(modelsDir, descriptor.toString());
        assertThat(models.description()).contains("sface-like", "sface, 512-d");
        try (FaceEngine engine = models.newEngine(); Mat image = Photos.read(TestAssets.require("faces/obama/obama1.jpg"))) {
            DetectedFace face = engine.detectInPhoto(image).get(0);
            float[] first = engine.embed(image, face);
            float[] again = engine.embed(image, face);
            assertThat(first).hasSize(512);
            assertThat(Embeddings.cosine(first, first)).isCloseTo(1.0, within(1e-5));
            assertThat(again).containsExactly(first);
        }
    }
}
