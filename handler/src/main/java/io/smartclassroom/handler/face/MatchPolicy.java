package io.smartclassroom.handler.face;

/**
 * When a face counts as an enrolled student: cosine similarity at least {@code cosineThreshold} and at
 * least {@code marginThreshold} above the next-best student; in a video, a student matched in a single
 * sampled frame needs {@code singleFrameSimilarity}.
 */
public record MatchPolicy(double cosineThreshold, double marginThreshold, double singleFrameSimilarity) {
    public MatchPolicy {
        if (!(cosineThreshold > 0 && cosineThreshold < 1)) {
            throw new IllegalArgumentException("cosineThreshold must be in (0, 1): " + cosineThreshold);
        }
        if (!(marginThreshold >= 0 && marginThreshold < 1)) {
            throw new IllegalArgumentException("marginThreshold must be in [0, 1): " + marginThreshold);
        }
        if (!(singleFrameSimilarity >= cosineThreshold && singleFrameSimilarity <= 1)) {
            throw new IllegalArgumentException("singleFrameSimilarity must be in [cosineThreshold, 1]: " + singleFrameSimilarity);
        }
    }

    public static MatchPolicy of(RecognitionModel model) {
        return new MatchPolicy(model.cosineThreshold(), model.marginThreshold(), model.singleFrameSimilarity());
    }
}
