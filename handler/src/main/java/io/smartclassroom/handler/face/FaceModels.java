package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The verified face models, loaded once per process: the YuNet detector and one recognition model,
 * each checked against its pinned SHA-256. Immutable and thread-safe; {@link #newEngine()} gives each
 * thread its own native networks.
 */
public final class FaceModels {
    private final RecognitionModel recognitionModel;
    private final VerifiedModelFile detectorFile;
    private final VerifiedModelFile recognitionFile;

    private FaceModels(RecognitionModel recognitionModel, VerifiedModelFile detectorFile, VerifiedModelFile recognitionFile) {
        this.recognitionModel = recognitionModel;
        this.detectorFile = detectorFile;
        this.recognitionFile = recognitionFile;
    }

    /**
     * Resolves {@code recognitionModelReference} (a built-in name or a descriptor path), verifies the
     * detector and recognition model files in {@code modelsDir} and checks that both load and that the
     * recognition model's output has the described dimension.
     *
     * @throws ModelLoadException naming the file, the expected SHA-256 and where to get it
     */
    public static FaceModels load(Path modelsDir, String recognitionModelReference) {
        requireNonNull(modelsDir, "modelsDir");
        RecognitionModel model = RecognitionModels.resolve(recognitionModelReference);
        VerifiedModelFile detector = VerifiedModelFile.read(
                modelsDir.resolve(FaceDetectorModel.FILE), FaceDetectorModel.SHA256, FaceDetectorModel.SOURCE);
        VerifiedModelFile recognizer = VerifiedModelFile.read(
                modelsDir.resolve(model.file()), model.sha256(), model.sourceOrHint());
        FaceModels models = new FaceModels(model, detector, recognizer);
        models.checkOutputDimension();
        return models;
    }

    /** Whether the recognition model file of {@code reference} is present in {@code modelsDir} (not verified). */
    public static boolean isPresent(Path modelsDir, String reference) {
        return modelsDir.resolve(RecognitionModels.resolve(reference).file()).toFile().isFile();
    }

    public FaceEngine newEngine() {
        YuNetFaceDetector detector = new YuNetFaceDetector(detectorFile);
        try {
            FaceEmbedder embedder = switch (recognitionModel.kind()) {
                case SFACE -> new SFaceEmbedder(recognitionModel, recognitionFile);
                case ONNX -> new OnnxFaceEmbedder(recognitionModel, recognitionFile);
            };
            return new FaceEngine(detector, embedder);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    public RecognitionModel recognitionModel() {
        return recognitionModel;
    }

    public ModelIdentity identity() {
        return recognitionModel.identity();
    }

    public MatchPolicy matchPolicy() {
        return MatchPolicy.of(recognitionModel);
    }

    /** e.g. {@code detector YuNet 2023mar (score ≥ 0.7 at 640 px), recognizer faceplugin (faceplugin_fr_feature.onnx, onnx, 512-d, cosine ≥ 0.45)}. */
    public String description() {
        return "detector %s (%s, score >= %.2f at %d px), recognizer %s (%s, %s, %d-d, cosine >= %.3f, margin >= %.3f)".formatted(
                FaceDetectorModel.NAME, FaceDetectorModel.FILE, YuNetFaceDetector.SCORE_THRESHOLD,
                YuNetFaceDetector.DETECTION_LONG_SIDE, recognitionModel.name(), recognitionModel.file(),
                recognitionModel.kind().name().toLowerCase(java.util.Locale.ROOT), recognitionModel.outputDim(),
                recognitionModel.cosineThreshold(), recognitionModel.marginThreshold());
    }

    private void checkOutputDimension() {
        // One embedding of a synthetic face proves the network loads and that its output has outputDim values.
        DetectedFace synthetic = new DetectedFace(24, 24, 64, 64, List.of(
                new DetectedFace.Point(40, 48), new DetectedFace.Point(72, 48), new DetectedFace.Point(56, 64),
                new DetectedFace.Point(44, 80), new DetectedFace.Point(68, 80)), 1.0);
        try (FaceEngine engine = newEngine();
                Scalar gray = new Scalar(128.0, 128.0, 128.0, 0.0);
                Mat image = new Mat(112, 112, CV_8UC3, gray)) {
            engine.embed(image, synthetic);
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelLoadException("recognition model %s (%s) does not run as its descriptor says: %s"
                    .formatted(recognitionModel.name(), recognitionFile.path(), e.getMessage()), e);
        }
    }
}
