package io.smartclassroom.handler.face;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test assets ({@code $ASSETS_DIR}: clips, photos, models) for the face-engine tests. A test
 * that needs a missing asset is skipped with a message saying which file and how to provide it.
 */
public final class TestAssets {
    public static final String STAND_IN_MODEL = RecognitionModels.FACEPLUGIN;
    private static final Path DEFAULT_ROOT = Path.of("/work/shared/assets");

    private TestAssets() {}

    public static Path root() {
        String dir = System.getenv("ASSETS_DIR");
        return dir == null || dir.isBlank() ? DEFAULT_ROOT : Path.of(dir);
    }

    /** {@code root()/relative}, or the test is skipped when it is missing. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        assumeTrue(Files.exists(path), () -> "test asset " + path + " is missing: set ASSETS_DIR to the shared assets folder");
        return path;
    }

    /** The models folder holding YuNet and the stand-in recognition model, or the test is skipped. */
    public static Path modelsDir() {
        require("models/" + FaceDetectorModel.FILE);
        require("models/faceplugin_fr_feature.onnx");
        return root().resolve("models");
    }

    /** The verified detector + stand-in recogniser, loaded once per test JVM (immutable and thread-safe). */
    public static FaceModels standInModels() {
        Path models = modelsDir();
        return Holder.load(models);
    }

    private static final class Holder {
        private static FaceModels models;

        static synchronized FaceModels load(Path modelsDir) {
            if (models == null) {
                models = FaceModels.load(modelsDir, STAND_IN_MODEL);
            }
            return models;
        }
    }
}
