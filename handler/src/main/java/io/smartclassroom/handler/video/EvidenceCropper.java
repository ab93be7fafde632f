package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.smartclassroom.handler.face.DetectedFace;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts the evidence image of a face out of the frame it was found in (the source-resolution frame, not the
 * image the detector ran on): the face's box widened by {@code margin} of its size on each side (clipped to
 * the frame), scaled to {@code height} pixels tall (smaller faces are enlarged), encoded as a JPEG of
 * {@code quality} with OpenCV. Stateless; the native temporaries are freed before it returns.
 */
public final class EvidenceCropper {
    public static final double DEFAULT_MARGIN = 0.4;
    public static final int DEFAULT_HEIGHT = 160;
    public static final int DEFAULT_QUALITY = 85;
    public static final EvidenceCropper DEFAULT = new EvidenceCropper(DEFAULT_MARGIN, DEFAULT_HEIGHT, DEFAULT_QUALITY);

    private final double margin;
    private final int height;
    private final int quality;

    public EvidenceCropper(double margin, int height, int quality) {
        if (!(margin >= 0) || margin > 5) {
            throw new IllegalArgumentException("margin must be from 0 to 5 face sizes: " + margin);
        }
        if (height < 16 || height > 2048) {
            throw new IllegalArgumentException("height must be from 16 to 2048 pixels: " + height);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be from 1 to 100: " + quality);
        }
        this.margin = margin;
        this.height = height;
        this.quality = quality;
    }

    /**
     * The JPEG of {@code face} found in {@code bgr} (same coordinates).
     *
     * @throws IllegalArgumentException when the box lies outside the image or the image is empty
     */
    public byte[] crop(Mat bgr, DetectedFace face) {
        requireNonNull(bgr, "bgr");
        requireNonNull(face, "face");
        int cols = bgr.cols();
        int rows = bgr.rows();
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException("cannot crop a face from an empty image");
        }
        int left = clamp(Math.floor(face.x() - margin * face.width()), cols);
        int top = clamp(Math.floor(face.y() - margin * face.height()), rows);
        int right = clamp(Math.ceil(face.x() + (1 + margin) * face.width()), cols);
        int bottom = clamp(Math.ceil(face.y() + (1 + margin) * face.height()), rows);
        if (right - left < 2 || bottom - top < 2) {
            throw new IllegalArgumentException("the face box %.0f,%.0f %.0fx%.0f lies outside the %dx%d frame"
                    .formatted(face.x(), face.y(), face.width(), face.height(), cols, rows));
        }
        int width = Math.max(1, (int) Math.round((double) (right - left) * height / (bottom - top)));
        try (Rect box = new Rect(left, top, right - left, bottom - top);
                Mat region = new Mat(bgr, box);
                Mat scaled = new Mat();
                Size size = new Size(width, height);
                BytePointer jpeg = new BytePointer();
                IntPointer parameters = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            resize(region, scaled, size, 0, 0, bottom - top > height ? INTER_AREA : INTER_LINEAR);
            if (!imencode(".jpg", scaled, jpeg, parameters)) {
                throw new IllegalStateException("OpenCV could not encode a %dx%d face crop as JPEG".formatted(width, height));
            }
            byte[] bytes = new byte[(int) jpeg.limit()];
            jpeg.get(bytes);
            return bytes;
        }
    }

    private static int clamp(double value, int limit) {
        return (int) Math.max(0, Math.min(limit, value));
    }
}
