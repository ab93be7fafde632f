package io.smartclassroom.handler.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** Turns a detected face into an L2-normalised embedding. Owns a native network: not thread-safe, close it. */
public interface FaceEmbedder extends AutoCloseable {

    /**
     * The L2-normalised embedding of {@code face}, found in {@code bgr} (landmarks in its coordinates).
     */
    float[] embed(Mat bgr, DetectedFace face);

    int dimension();

    /** The width in pixels of the aligned face crop the network takes. */
    int inputWidth();

    @Override
    void close();
}
