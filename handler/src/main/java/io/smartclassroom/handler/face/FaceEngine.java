package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Detects and embeds faces in BGR images. Owns native networks and buffers: one instance per thread,
 * close it. Create instances with {@link FaceModels#newEngine()}.
 */
public final class FaceEngine implements AutoCloseable {
    private final YuNetFaceDetector detector;
    private final FaceEmbedder embedder;

    FaceEngine(YuNetFaceDetector detector, FaceEmbedder embedder) {
        this.detector = requireNonNull(detector, "detector");
        this.embedder = requireNonNull(embedder, "embedder");
    }

    /** Faces in a video frame: one detector pass on the frame scaled to a 640-pixel long side. */
    public List<DetectedFace> detectInFrame(Mat bgr) {
        return detector.detect(bgr);
    }

    /** Faces in a video frame detected on the frame scaled to a {@code longSide}-pixel long side (never enlarged). */
    public List<DetectedFace> detectInFrame(Mat bgr, int longSide) {
        return detector.detect(bgr, longSide);
    }

    /** Faces in a photo of any size (thumbnails, faces filling the frame): retries with a border when needed. */
    public List<DetectedFace> detectInPhoto(Mat bgr) {
        return detector.detectInPhoto(bgr);
    }

    /** The L2-normalised embedding of {@code face} found in {@code bgr}. */
    public float[] embed(Mat bgr, DetectedFace face) {
        return embedder.embed(bgr, face);
    }

    public List<EmbeddedFace> embedAll(Mat bgr, List<DetectedFace> faces) {
        List<EmbeddedFace> embedded = new ArrayList<>(faces.size());
        for (DetectedFace face : faces) {
            embedded.add(new EmbeddedFace(face, embedder.embed(bgr, face)));
        }
        return embedded;
    }

    public int embeddingDimension() {
        return embedder.dimension();
    }

    /**
     * The distance between the eyes, in pixels, of the aligned face the recognizer takes (35 px for a
     * 112×112 input): the scale its embeddings were trained at. A smaller face is enlarged to be embedded.
     */
    public double alignedEyeDistance() {
        return FaceAlignment.templateEyeDistance(embedder.inputWidth());
    }

    @Override
    public void close() {
        try {
            embedder.close();
        } finally {
            detector.close();
        }
    }
}
