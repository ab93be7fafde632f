package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files are verified against their pinned SHA-256 sums: a missing or different file is a clear error. */
class FaceModelsTest {

    @TempDir
    Path models;

    private void linkRealModel(String file) throws Exception {
        Files.createSymbolicLink(models.resolve(file), TestAssets.modelsDir().resolve(file));
    }

    @Test
    void loadsTheVerifiedModelsAndDescribesThem() {
        FaceModels loaded = TestAssets.standInModels();
        assertThat(loaded.identity()).isEqualTo(new ModelIdentity("faceplugin",
                "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581", 512));
        assertThat(loaded.description())
                .contains("YuNet 2023mar", "face_detection_yunet_2023mar.onnx", "faceplugin", "512-d", "cosine >= 0.450");
    }

    @Test
    void missingRecognitionModelNamesTheFileTheSumAndTheSource() throws Exception {
        linkRealModel(FaceDetectorModel.FILE);
        assertThatThrownBy(() -> FaceModels.load(models, "faceplugin"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(models.resolve("faceplugin_fr_feature.onnx").toString())
                .hasMessageContaining("missing")
                .hasMessageContaining("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581")
                .hasMessageContaining("npm pack faceplugin-face-recognition-js@0.0.1");
    }

    @Test
    void missingSfaceSaysWhereToDownloadIt() throws Exception {
        linkRealModel(FaceDetectorModel.FILE);
        assertThatThrownBy(() -> FaceModels.load(models, "sface"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("face_recognition_sface_2021dec.onnx")
                .hasMessageContaining("0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79")
                .hasMessageContaining("https://github.com/opencv/opencv_zoo/raw/main/models/face_recognition_sface/");
    }

    @Test
    void detectorWithAnotherSha256IsRefused() throws Exception {
        linkRealModel("faceplugin_fr_feature.onnx");
        Files.writeString(models.resolve(FaceDetectorModel.FILE), "not the YuNet model");
        assertThatThrownBy(() -> FaceModels.load(models, "faceplugin"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(models.resolve(FaceDetectorModel.FILE).toString())
                .hasMessageContaining("has SHA-256 " + VerifiedModelFile.sha256Hex("not the YuNet model".getBytes()))
                .hasMessageContaining("but " + FaceDetectorModel.SHA256 + " is pinned")
                .hasMessageContaining(FaceDetectorModel.SOURCE);
    }

    @Test
    void recognitionModelWithAnotherSha256IsRefused() throws Exception {
        linkRealModel(FaceDetectorModel.FILE);
        // A real ONNX file, but not the pinned one: the detector renamed.
        Files.copy(TestAssets.modelsDir().resolve(FaceDetectorModel.FILE), models.resolve("faceplugin_fr_feature.onnx"));
        assertThatThrownBy(() -> FaceModels.load(models, "faceplugin"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("faceplugin_fr_feature.onnx has SHA-256 " + FaceDetectorModel.SHA256)
                .hasMessageContaining("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581 is pinned");
    }

    @Test
    void descriptorWhoseOutputDimensionIsWrongIsRefusedAtLoad() throws Exception {
        linkRealModel(FaceDetectorModel.FILE);
        linkRealModel("faceplugin_fr_feature.onnx");
        Path descriptor = models.resolve("wrong-dim.json");
        Files.writeString(descriptor, """
                {"name": "wrong-dim", "kind": "onnx", "file": "faceplugin_fr_feature.onnx",
                 "sha256": "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "RGB", "mean": [127.5, 127.5, 127.5],
                 "scale": 0.0078125, "outputDim": 128, "cosineThreshold": 0.5, "singleFrameSimilarity": 0.6}
                """);
        assertThatThrownBy(() -> FaceModels.load(models, descriptor.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("produced 512 values but its descriptor says outputDim 128");
    }
}
