package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSelectionTest {
    @TempDir
    Path temp;

    @Test
    void optionsWinOverTheEnvironment() {
        ModelSelection selection = ModelSelection.resolve(Path.of("/opt/models"), "faceplugin",
                Map.of("MODELS_DIR", "/env/models", "RECOGNITION_MODEL", "sface"));
        assertThat(selection).isEqualTo(new ModelSelection(Path.of("/opt/models"), "faceplugin", "--model"));
    }

    @Test
    void environmentComesNext() {
        assertThat(ModelSelection.resolve(null, null, Map.of("MODELS_DIR", "/env/models", "ASSETS_DIR", "/assets", "RECOGNITION_MODEL", "x.json")))
                .isEqualTo(new ModelSelection(Path.of("/env/models"), "x.json", "RECOGNITION_MODEL"));
        assertThat(ModelSelection.resolve(null, "faceplugin", Map.of("ASSETS_DIR", "/assets")).modelsDir())
                .isEqualTo(Path.of("/assets/models"));
    }

    @Test
    void sfaceIsTheDefaultOnlyWhenItsFileIsThere() throws Exception {
        assertThatThrownBy(() -> ModelSelection.resolve(temp, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sface (face_recognition_sface_2021dec.onnx), is not in " + temp.toAbsolutePath())
                .hasMessageContaining("pass --model faceplugin");
        Files.writeString(temp.resolve("face_recognition_sface_2021dec.onnx"), "placeholder");
        ModelSelection selection = ModelSelection.resolve(temp, null, Map.of());
        assertThat(selection.model()).isEqualTo("sface");
        assertThat(selection.origin()).startsWith("default");
    }

    @Test
    void aModelsFolderIsRequired() {
        assertThatThrownBy(() -> ModelSelection.resolve(null, "faceplugin", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--models-dir");
    }
}
