package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which models folder and recognition model a command line uses, and why: the options when given, else
 * the environment ({@code MODELS_DIR}, else {@code $ASSETS_DIR/models}; {@code RECOGNITION_MODEL}), else
 * {@code sface} when its file is in the models folder. There is no silent fallback to the stand-in.
 */
public record ModelSelection(Path modelsDir, String model, String origin) {
    public static final String MODELS_DIR = "MODELS_DIR";
    public static final String ASSETS_DIR = "ASSETS_DIR";
    public static final String RECOGNITION_MODEL = "RECOGNITION_MODEL";

    public ModelSelection {
        requireNonNull(modelsDir, "modelsDir");
        requireNonNull(model, "model");
        requireNonNull(origin, "origin");
    }

    /**
     * @param modelsDirOption the {@code --models-dir} option, or null
     * @param modelOption the {@code --model} option, or null
     * @throws IllegalArgumentException when no models folder or model can be chosen, saying what to pass
     */
    public static ModelSelection resolve(Path modelsDirOption, String modelOption, Map<String, String> environment) {
        requireNonNull(environment, "environment");
        Path modelsDir;
        if (modelsDirOption != null) {
            modelsDir = modelsDirOption;
        } else if (!blank(environment.get(MODELS_DIR))) {
            modelsDir = Path.of(environment.get(MODELS_DIR));
        } else if (!blank(environment.get(ASSETS_DIR))) {
            modelsDir = Path.of(environment.get(ASSETS_DIR), "models");
        } else {
            throw new IllegalArgumentException("no models folder: pass --models-dir DIR or set MODELS_DIR (or ASSETS_DIR)");
        }
        if (!blank(modelOption)) {
            return new ModelSelection(modelsDir, modelOption.strip(), "--model");
        }
        if (!blank(environment.get(RECOGNITION_MODEL))) {
            return new ModelSelection(modelsDir, environment.get(RECOGNITION_MODEL).strip(), "RECOGNITION_MODEL");
        }
        RecognitionModel sface = RecognitionModels.resolve(RecognitionModels.SFACE);
        if (FaceModels.isPresent(modelsDir, RecognitionModels.SFACE)) {
            return new ModelSelection(modelsDir, RecognitionModels.SFACE, "default, its file is in " + modelsDir);
        }
        throw new IllegalArgumentException(
                "no recognition model chosen and the default, sface (%s), is not in %s: pass --model faceplugin to use the stand-in model, or download SFace from %s (SHA-256 %s)"
                        .formatted(sface.file(), modelsDir.toAbsolutePath(), sface.sourceOrHint(), sface.sha256()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
