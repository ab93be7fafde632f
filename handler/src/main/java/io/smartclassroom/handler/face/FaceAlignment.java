package io.smartclassroom.handler.face;

import java.util.List;

/**
 * The 5-point similarity alignment used by ArcFace-style recognisers (and by OpenCV's
 * {@code FaceRecognizerSF.alignCrop}): the least-squares rotation + uniform scale + translation that
 * maps the detector's five landmarks onto the standard template of a 112×112 face crop.
 */
public final class FaceAlignment {
    /** The ArcFace template for a 112×112 crop, in YuNet's landmark order (right eye, left eye, nose, right and left mouth corner). */
    static final double[][] ARCFACE_112 = {
        {38.2946, 51.6963},
        {73.5318, 51.5014},
        {56.0252, 71.7366},
        {41.5493, 92.3655},
        {70.7299, 92.2041},
    };

    private FaceAlignment() {}

    /** The distance between the template's eyes in a crop {@code width} pixels wide (35.2 px at 112). */
    public static double templateEyeDistance(int width) {
        double dx = ARCFACE_112[1][0] - ARCFACE_112[0][0];
        double dy = ARCFACE_112[1][1] - ARCFACE_112[0][1];
        return Math.hypot(dx, dy) * width / 112.0;
    }

    /**
     * The 2×3 affine matrix (row-major: {@code a, -b, tx, b, a, ty}) mapping image coordinates to the
     * template scaled to {@code width×height}.
     */
    public static double[] similarityToTemplate(List<DetectedFace.Point> landmarks, int width, int height) {
        if (landmarks.size() != ARCFACE_112.length) {
            throw new IllegalArgumentException("5 landmarks expected, got " + landmarks.size());
        }
        double sx = width / 112.0;
        double sy = height / 112.0;
        int n = ARCFACE_112.length;
        double srcMeanX = 0;
        double srcMeanY = 0;
        double dstMeanX = 0;
        double dstMeanY = 0;
        for (int i = 0; i < n; i++) {
            srcMeanX += landmarks.get(i).x();
            srcMeanY += landmarks.get(i).y();
            dstMeanX += ARCFACE_112[i][0] * sx;
            dstMeanY += ARCFACE_112[i][1] * sy;
        }
        srcMeanX /= n;
        srcMeanY /= n;
        dstMeanX /= n;
        dstMeanY /= n;
        // Least squares for q = [a -b; b a] p + t on centred points (the Umeyama solution without reflection).
        double dot = 0;
        double cross = 0;
        double srcNorm = 0;
        for (int i = 0; i < n; i++) {
            double px = landmarks.get(i).x() - srcMeanX;
            double py = landmarks.get(i).y() - srcMeanY;
            double qx = ARCFACE_112[i][0] * sx - dstMeanX;
            double qy = ARCFACE_112[i][1] * sy - dstMeanY;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            srcNorm += px * px + py * py;
        }
        if (!(srcNorm > 1e-9)) {
            throw new IllegalArgumentException("degenerate landmarks (all at one point): " + landmarks);
        }
        double a = dot / srcNorm;
        double b = cross / srcNorm;
        double tx = dstMeanX - (a * srcMeanX - b * srcMeanY);
        double ty = dstMeanY - (b * srcMeanX + a * srcMeanY);
        return new double[] {a, -b, tx, b, a, ty};
    }
}
