package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * Runs a generic ONNX embedding network (a {@link RecognitionModel.Kind#ONNX} descriptor) with
 * OpenCV DNN: aligns the face to the ArcFace template itself, normalises the pixels as the descriptor
 * says, and L2-normalises the output.
 */
final class OnnxFaceEmbedder implements FaceEmbedder {
    private final RecognitionModel model;
    private final Net net;
    private final Size inputSize;
    private final Scalar mean;
    private final Scalar borderValue = new Scalar(0.0, 0.0, 0.0, 0.0);
    private final Mat transform = new Mat(2, 3, CV_64F);
    private final Mat aligned = new Mat();
    private final Mat blob = new Mat();

    OnnxFaceEmbedder(RecognitionModel model, VerifiedModelFile file) {
        this.model = requireNonNull(model, "model");
        requireNonNull(file, "file");
        Net loaded;
        try {
            loaded = readNetFromONNX(file.bytes());
        } catch (RuntimeException e) {
            throw new ModelLoadException("OpenCV cannot load recognition model " + file.path() + ": " + e.getMessage(), e);
        }
        if (loaded == null || loaded.empty()) {
            throw new ModelLoadException("OpenCV cannot load recognition model " + file.path() + " (empty network)");
        }
        this.net = loaded;
        this.inputSize = new Size(model.inputWidth(), model.inputHeight());
        this.mean = new Scalar(model.mean().get(0), model.mean().get(1), model.mean().get(2), 0.0);
    }

    @Override
    public float[] embed(Mat bgr, DetectedFace face) {
        double[] matrix = FaceAlignment.similarityToTemplate(face.landmarks(), model.inputWidth(), model.inputHeight());
        DoubleBuffer values = transform.createBuffer();
        values.put(matrix);
        warpAffine(bgr, aligned, transform, inputSize, INTER_LINEAR, BORDER_CONSTANT, borderValue);
        FaceExposure.correct(aligned);
        boolean swapToRgb = model.channelOrder() == RecognitionModel.ChannelOrder.RGB;
        blobFromImage(aligned, blob, model.scale(), inputSize, mean, swapToRgb, false, CV_32F);
        net.setInput(blob);
        try (Mat output = net.forward()) {
            return Embeddings.copyNormalized(output, model.outputDim(), model.name());
        }
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
        net.close();
        inputSize.close();
        mean.close();
        borderValue.close();
        transform.close();
        aligned.close();
        blob.close();
    }
}
