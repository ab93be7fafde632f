package io.smartclassroom.handler.face;

import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Small vector helpers for embeddings. */
public final class Embeddings {
    private Embeddings() {}

    /** Normalises {@code vector} in place to unit L2 norm and returns it. */
    public static float[] normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding has a non-finite value: " + v);
            }
            sum += (double) v * v;
        }
        if (!(sum > 1e-12)) {
            throw new IllegalArgumentException("embedding is all zeros");
        }
        double inverse = 1 / Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * inverse);
        }
        return vector;
    }

    /** Cosine similarity of two unit vectors (their dot product). */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: %d vs %d".formatted(a.length, b.length));
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }

    /** The network's output row as a unit vector (copied first when OpenCV left it non-contiguous). */
    static float[] copyNormalized(Mat output, int expectedDimension, String modelName) {
        if (output.isContinuous()) {
            return copyNormalized(output.<FloatBuffer>createBuffer(), expectedDimension, modelName);
        }
        try (Mat continuous = output.clone()) {
            return copyNormalized(continuous.<FloatBuffer>createBuffer(), expectedDimension, modelName);
        }
    }

    static float[] copyNormalized(FloatBuffer values, int expectedDimension, String modelName) {
        if (values.remaining() != expectedDimension) {
            throw new ModelLoadException("recognition model %s produced %d values but its descriptor says outputDim %d"
                    .formatted(modelName, values.remaining(), expectedDimension));
        }
        float[] embedding = new float[expectedDimension];
        values.get(embedding);
        return normalize(embedding);
    }
}
