package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * Finds faces with YuNet ({@code FaceDetectorYN}) on a copy of the image scaled to a
 * {@value #DETECTION_LONG_SIDE}-pixel long side, and reports them in the original image's coordinates.
 * Detections whose landmarks are not laid out like a face ({@link DetectedFace#plausibleLandmarks()}) are
 * dropped: they are false detections or full profiles, which cannot be recognised.
 * Owns a native network and reusable buffers: not thread-safe, close it.
 */
public final class YuNetFaceDetector implements AutoCloseable {
    /** Long side of the image the detector sees; measured: finds the face in every sampled frame of the course clips at ≈10 ms. */
    public static final int DETECTION_LONG_SIDE = 640;
    public static final float SCORE_THRESHOLD = 0.7f;
    private static final float NMS_THRESHOLD = 0.3f;
    private static final int TOP_K = 5000;
    /**
     * Borders tried, in turn, when a photo shows no face at first: a face that fills the frame (a tight
     * crop or a thumbnail) has no context around it, which YuNet needs; a border, as a fraction of the
     * long side added on each side, gives it that context back.
     */
    private static final double[] PHOTO_BORDERS = {0.25, 0.6};

    private final FaceDetectorYN detector;
    private final Mat scaled = new Mat();
    private final Mat bordered = new Mat();
    private final Mat detections = new Mat();
    private int inputWidth = -1;
    private int inputHeight = -1;

    YuNetFaceDetector(VerifiedModelFile model) {
        requireNonNull(model, "model");
        try (Size initial = new Size(DETECTION_LONG_SIDE, DETECTION_LONG_SIDE)) {
            detector = FaceDetectorYN.create("onnx", model.bytes(), new byte[0], initial,
                    SCORE_THRESHOLD, NMS_THRESHOLD, TOP_K, 0, 0);
        } catch (RuntimeException e) {
            throw new ModelLoadException("OpenCV cannot load the face detector " + model.path() + ": " + e.getMessage(), e);
        }
        if (detector == null || detector.isNull()) {
            throw new ModelLoadException("OpenCV cannot load the face detector " + model.path());
        }
    }

    /** All faces in a video frame (one pass at the detection size), highest score first. */
    public List<DetectedFace> detect(Mat bgr) {
        return detectScaled(bgr, DETECTION_LONG_SIDE);
    }

    /**
     * All faces in a video frame, detected on the frame scaled to {@code longSide} pixels (never
     * enlarged), highest score first: for frames whose faces are too small at the standard size.
     */
    public List<DetectedFace> detect(Mat bgr, int longSide) {
        if (longSide < 1) {
            throw new IllegalArgumentException("longSide must be positive: " + longSide);
        }
        return detectScaled(bgr, Math.min(longSide, Math.max(bgr.cols(), bgr.rows())));
    }

    /**
     * All faces in a photo of any size, highest score first: one pass at the detection size and, only
     * when it finds nothing, passes with a growing border around the photo (faces that fill the frame).
     */
    public List<DetectedFace> detectInPhoto(Mat bgr) {
        List<DetectedFace> faces = detectScaled(bgr, DETECTION_LONG_SIDE);
        for (int i = 0; i < PHOTO_BORDERS.length && faces.isEmpty(); i++) {
            int border = (int) Math.ceil(Math.max(bgr.cols(), bgr.rows()) * PHOTO_BORDERS[i]);
            try (Scalar gray = new Scalar(127.0, 127.0, 127.0, 0.0)) {
                copyMakeBorder(bgr, bordered, border, border, border, border, BORDER_CONSTANT, gray);
            }
            faces = shift(detectScaled(bordered, DETECTION_LONG_SIDE), -border);
        }
        return faces;
    }

    private List<DetectedFace> detectScaled(Mat bgr, int longSide) {
        if (bgr.empty()) {
            return List.of();
        }
        int width = bgr.cols();
        int height = bgr.rows();
        double scale = (double) longSide / Math.max(width, height);
        Mat input = bgr;
        if (Math.abs(scale - 1) > 1e-3) {
            int scaledWidth = Math.max(1, (int) Math.round(width * scale));
            int scaledHeight = Math.max(1, (int) Math.round(height * scale));
            try (Size size = new Size(scaledWidth, scaledHeight)) {
                resize(bgr, scaled, size, 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
            }
            input = scaled;
        } else {
            scale = 1;
        }
        if (input.cols() != inputWidth || input.rows() != inputHeight) {
            try (Size size = new Size(input.cols(), input.rows())) {
                detector.setInputSize(size);
            }
            inputWidth = input.cols();
            inputHeight = input.rows();
        }
        detector.detect(input, detections);
        return parse(detections, scale);
    }

    private static List<DetectedFace> parse(Mat detections, double scale) {
        if (detections.empty() || detections.rows() == 0) {
            return List.of();
        }
        if (detections.type() != CV_32F || detections.cols() < 15 || !detections.isContinuous()) {
            throw new IllegalStateException("unexpected YuNet output: %dx%d type %d"
                    .formatted(detections.rows(), detections.cols(), detections.type()));
        }
        int columns = detections.cols();
        FloatBuffer values = detections.createBuffer();
        List<DetectedFace> faces = new ArrayList<>(detections.rows());
        for (int row = 0; row < detections.rows(); row++) {
            int base = row * columns;
            List<DetectedFace.Point> landmarks = new ArrayList<>(5);
            for (int i = 0; i < 5; i++) {
                landmarks.add(new DetectedFace.Point(
                        values.get(base + 4 + 2 * i) / scale, values.get(base + 5 + 2 * i) / scale));
            }
            DetectedFace face = new DetectedFace(
                    values.get(base) / scale,
                    values.get(base + 1) / scale,
                    values.get(base + 2) / scale,
                    values.get(base + 3) / scale,
                    landmarks,
                    values.get(base + 14));
            if (face.plausibleLandmarks()) {
                faces.add(face);
            }
        }
        faces.sort((a, b) -> Double.compare(b.score(), a.score()));
        return faces;
    }

    private static List<DetectedFace> shift(List<DetectedFace> faces, double offset) {
        List<DetectedFace> shifted = new ArrayList<>(faces.size());
        for (DetectedFace face : faces) {
            List<DetectedFace.Point> landmarks = face.landmarks().stream()
                    .map(p -> new DetectedFace.Point(p.x() + offset, p.y() + offset))
                    .toList();
            shifted.add(new DetectedFace(face.x() + offset, face.y() + offset, face.width(), face.height(),
                    landmarks, face.score()));
        }
        return shifted;
    }

    @Override
    public void close() {
        detector.close();
        scaled.close();
        bordered.close();
        detections.close();
    }
}
