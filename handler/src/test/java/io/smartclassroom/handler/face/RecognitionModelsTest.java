package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecognitionModelsTest {

    @TempDir
    Path temp;

    @Test
    void builtInSfaceIsTheOpenCvZooModel() {
        RecognitionModel sface = RecognitionModels.resolve("sface");
        assertThat(sface.kind()).isEqualTo(RecognitionModel.Kind.SFACE);
        assertThat(sface.file()).isEqualTo("face_recognition_sface_2021dec.onnx");
        assertThat(sface.sha256()).isEqualTo("0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79");
        assertThat(sface.outputDim()).isEqualTo(128);
        assertThat(sface.cosineThreshold()).isEqualTo(0.363);
        assertThat(sface.source()).startsWith("https://github.com/opencv/opencv_zoo/");
    }

    @Test
    void builtInFacepluginIsTheCalibratedStandIn() {
        RecognitionModel faceplugin = RecognitionModels.resolve("faceplugin");
        assertThat(faceplugin.kind()).isEqualTo(RecognitionModel.Kind.ONNX);
        assertThat(faceplugin.sha256()).isEqualTo("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
        assertThat(faceplugin.inputWidth()).isEqualTo(112);
        assertThat(faceplugin.inputHeight()).isEqualTo(112);
        assertThat(faceplugin.channelOrder()).isEqualTo(RecognitionModel.ChannelOrder.RGB);
        assertThat(faceplugin.mean()).containsExactly(127.5, 127.5, 127.5);
        assertThat(faceplugin.scale()).isEqualTo(1 / 128.0);
        assertThat(faceplugin.outputDim()).isEqualTo(512);
        // Calibrated: above every impostor similarity measured (0.371) with margin, below the genuine ones.
        assertThat(faceplugin.cosineThreshold()).isBetween(0.42, 0.55);
        assertThat(faceplugin.calibration()).contains("impostor");
    }

    @Test
    void readsACustomDescriptorFile() throws Exception {
        Path descriptor = temp.resolve("my-model.json");
        Files.writeString(descriptor, """
                {"name": "mine", "kind": "onnx", "file": "mine.onnx", "sha256": "%s",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "BGR", "mean": [0, 0, 0], "scale": 1.0,
                 "outputDim": 256, "cosineThreshold": 0.5, "marginThreshold": 0.05, "singleFrameSimilarity": 0.7}
                """.formatted("AB".repeat(32)));
        RecognitionModel model = RecognitionModels.resolve(descriptor.toString());
        assertThat(model.name()).isEqualTo("mine");
        assertThat(model.sha256()).isEqualTo("ab".repeat(32));
        assertThat(model.channelOrder()).isEqualTo(RecognitionModel.ChannelOrder.BGR);
        assertThat(model.identity()).isEqualTo(new ModelIdentity("mine", "ab".repeat(32), 256));
    }

    @Test
    void refusesAnInvalidDescriptorSayingWhy() throws Exception {
        Path descriptor = temp.resolve("bad.json");
        Files.writeString(descriptor, """
                {"name": "bad", "kind": "onnx", "file": "bad.onnx", "sha256": "%s",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "RGB", "mean": [0, 0], "scale": 1.0,
                 "outputDim": 256, "cosineThreshold": 0.5, "singleFrameSimilarity": 0.7}
                """.formatted("ab".repeat(32)));
        assertThatThrownBy(() -> RecognitionModels.resolve(descriptor.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(descriptor.toString())
                .hasMessageContaining("mean must have 3 values");
    }

    @Test
    void refusesATypoInADescriptor() throws Exception {
        Path descriptor = temp.resolve("typo.json");
        Files.writeString(descriptor, """
                {"name": "typo", "kind": "onnx", "file": "t.onnx", "sha256": "%s",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "RGB", "mean": [0, 0, 0], "scale": 1.0,
                 "outputDim": 256, "cosineThreshold": 0.5, "marginthreshold": 0.1}
                """.formatted("ab".repeat(32)));
        assertThatThrownBy(() -> RecognitionModels.resolve(descriptor.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("marginthreshold");
    }

    @Test
    void optionalDecisionFieldsHaveSafeDefaults() throws Exception {
        Path descriptor = temp.resolve("minimal.json");
        Files.writeString(descriptor, """
                {"name": "minimal", "kind": "onnx", "file": "m.onnx", "sha256": "%s",
                 "inputWidth": 112, "inputHeight": 112, "channelOrder": "RGB", "mean": [0, 0, 0], "scale": 1.0,
                 "outputDim": 256, "cosineThreshold": 0.5}
                """.formatted("ab".repeat(32)));
        RecognitionModel model = RecognitionModels.resolve(descriptor.toString());
        assertThat(model.marginThreshold()).isZero();
        assertThat(model.singleFrameSimilarity()).isEqualTo(0.5);
        Files.writeString(descriptor, Files.readString(descriptor).replace(", \"cosineThreshold\": 0.5", ""));
        assertThatThrownBy(() -> RecognitionModels.resolve(descriptor.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cosineThreshold");
    }

    @Test
    void unknownNameListsTheBuiltIns() {
        assertThatThrownBy(() -> RecognitionModels.resolve("arcface"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown recognition model 'arcface'")
                .hasMessageContaining("sface")
                .hasMessageContaining("faceplugin");
    }
}
