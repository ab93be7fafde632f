package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_objdetect.FaceRecognizerSF;

/** OpenCV Zoo SFace through OpenCV's {@code FaceRecognizerSF}: its alignCrop, then feature; L2-normalised. */
final class SFaceEmbedder implements FaceEmbedder {
    private final RecognitionModel model;
    private final FaceRecognizerSF recognizer;
    private final Mat faceRow = new Mat(1, 15, CV_32F);
    private final Mat aligned = new Mat();
    private final Mat feature = new Mat();

    SFaceEmbedder(RecognitionModel model, VerifiedModelFile file) {
        this.model = requireNonNull(model, "model");
        requireNonNull(file, "file");
        FaceRecognizerSF loaded;
        try {
            loaded = FaceRecognizerSF.create("onnx", file.bytes(), new byte[0], 0, 0);
        } catch (RuntimeException e) {
            throw new ModelLoadException("OpenCV cannot load SFace model " + file.path() + ": " + e.getMessage(), e);
        }
        if (loaded == null || loaded.isNull()) {
            throw new ModelLoadException("OpenCV cannot load SFace model " + file.path());
        }
        this.recognizer = loaded;
    }

    @Override
    public float[] embed(Mat bgr, DetectedFace face) {
        FloatBuffer row = faceRow.createBuffer();
        row.put((float) face.x()).put((float) face.y()).put((float) face.width()).put((float) face.height());
        for (DetectedFace.Point point : face.landmarks()) {
            row.put((float) point.x()).put((float) point.y());
        }
        row.put((float) face.score());
        recognizer.alignCrop(bgr, faceRow, aligned);
        FaceExposure.correct(aligned);
        recognizer.feature(aligned, feature);
        return Embeddings.copyNormalized(feature, model.outputDim(), model.name());
    }

    @Override
    public int dimension() {
        return model.outputDim();
    }

    @Override
    public int inputWidth() {
        return model.inputWidth();
    }

    @Override
    public void close() {
        recognizer.close();
        faceRow.close();
        aligned.close();
        feature.close();
    }
}
