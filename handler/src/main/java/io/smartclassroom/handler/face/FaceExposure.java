package io.smartclassroom.handler.face;

import static org.bytedeco.opencv.global.opencv_core.mean;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Brightens an under-exposed aligned face before it is embedded. A face filmed in a dim room is the
 * same face with less light: scaling its pixels back up to a normal brightness (a gain, as a camera's
 * exposure would) lets the embedding see it as it would in daylight. Faces that are already bright
 * enough are left exactly as they are, so enrollment photos and well-lit frames are unaffected.
 */
final class FaceExposure {
    /** Mean luma (0-255) below which a face counts as under-exposed. */
    static final double DARK_BELOW = 90;
    /** The mean luma an under-exposed face is brought up to. */
    static final double TARGET = 125;
    /** The largest gain applied: beyond it the face is mostly noise and compression artefacts. */
    static final double MAX_GAIN = 6;

    private FaceExposure() {}

    /**
     * Scales {@code alignedBgr} in place when its mean luma is below {@link #DARK_BELOW}.
     *
     * @return the gain applied (1 when the face was bright enough)
     */
    static double correct(Mat alignedBgr) {
        double luma = centralLuma(alignedBgr);
        if (luma >= DARK_BELOW || luma <= 0) {
            return 1;
        }
        double gain = Math.min(MAX_GAIN, TARGET / luma);
        alignedBgr.convertTo(alignedBgr, -1, gain, 0);
        return gain;
    }

    /**
     * Mean luma (BT.601) of the middle of an aligned face (eyes to mouth, cheek to cheek): not the
     * corners, where hair, background or the black fill of a face at the image's edge would count.
     */
    static double centralLuma(Mat bgr) {
        int x = bgr.cols() / 4;
        int y = bgr.rows() / 4;
        try (Rect middle = new Rect(x, y, bgr.cols() - 2 * x, bgr.rows() - 2 * y);
                Mat face = new Mat(bgr, middle);
                Scalar channels = mean(face)) {
            return 0.114 * channels.get(0) + 0.587 * channels.get(1) + 0.299 * channels.get(2);
        }
    }
}
