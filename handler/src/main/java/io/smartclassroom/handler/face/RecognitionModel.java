package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A face-recognition (embedding) model as described by its JSON descriptor: which file, its pinned
 * SHA-256, how to feed it and how to compare its embeddings. Built-in descriptors are the classpath
 * resources {@code models/<name>.json}; see {@link RecognitionModels}.
 *
 * <ul>
 *   <li>{@code kind} {@code sface}: OpenCV's {@code FaceRecognizerSF} (its own alignCrop and
 *       preprocessing; the input fields are informative only).
 *   <li>{@code kind} {@code onnx}: any ONNX network taking one {@code 1×3×H×W} float32 NCHW image of a
 *       face aligned to the 5-point ArcFace template (scaled to {@code inputWidth×inputHeight}), in
 *       {@code channelOrder}, normalised as {@code (pixel − mean[c]) × scale}, and returning
 *       {@code 1×outputDim} values.
 * </ul>
 *
 * <p>Embeddings are L2-normalised and compared by cosine similarity. A face is a student when its
 * similarity to that student is at least {@code cosineThreshold} and exceeds the next-best student's by
 * at least {@code marginThreshold}. In a video, a student seen in only one sampled frame counts only
 * when that match reaches {@code singleFrameSimilarity}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecognitionModel(
        String name,
        Kind kind,
        String file,
        String sha256,
        String source,
        int inputWidth,
        int inputHeight,
        ChannelOrder channelOrder,
        List<Double> mean,
        double scale,
        int outputDim,
        double cosineThreshold,
        double marginThreshold,
        double singleFrameSimilarity,
        String calibration) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public enum Kind {
        @JsonProperty("sface") SFACE,
        @JsonProperty("onnx") ONNX
    }

    public enum ChannelOrder {
        RGB,
        BGR
    }

    public RecognitionModel {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(file, "file");
        requireNonNull(sha256, "sha256");
        requireNonNull(channelOrder, "channelOrder");
        requireNonNull(mean, "mean");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
        if (file.isBlank()) {
            throw new IllegalArgumentException("file is blank");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        if (inputWidth < 16 || inputHeight < 16 || inputWidth > 1024 || inputHeight > 1024) {
            throw new IllegalArgumentException("input size must be 16..1024 pixels: %dx%d".formatted(inputWidth, inputHeight));
        }
        if (mean.size() != 3) {
            throw new IllegalArgumentException("mean must have 3 values (one per channel, in channelOrder): " + mean);
        }
        mean = List.copyOf(mean);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        if (outputDim < 2 || outputDim > 8192) {
            throw new IllegalArgumentException("outputDim must be 2..8192: " + outputDim);
        }
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

    /**
     * Reads a descriptor: {@code marginThreshold} defaults to 0 (no margin required) and
     * {@code singleFrameSimilarity} to {@code cosineThreshold} (one frame is enough); {@code source} and
     * {@code calibration} are optional, everything else is required.
     */
    @JsonCreator
    static RecognitionModel fromJson(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "kind", required = true) Kind kind,
            @JsonProperty(value = "file", required = true) String file,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty("source") String source,
            @JsonProperty(value = "inputWidth", required = true) Integer inputWidth,
            @JsonProperty(value = "inputHeight", required = true) Integer inputHeight,
            @JsonProperty(value = "channelOrder", required = true) ChannelOrder channelOrder,
            @JsonProperty(value = "mean", required = true) List<Double> mean,
            @JsonProperty(value = "scale", required = true) Double scale,
            @JsonProperty(value = "outputDim", required = true) Integer outputDim,
            @JsonProperty(value = "cosineThreshold", required = true) Double cosineThreshold,
            @JsonProperty("marginThreshold") Double marginThreshold,
            @JsonProperty("singleFrameSimilarity") Double singleFrameSimilarity,
            @JsonProperty("calibration") String calibration) {
        return new RecognitionModel(name, kind, file, sha256, source,
                present(inputWidth, "inputWidth"), present(inputHeight, "inputHeight"), channelOrder, mean,
                present(scale, "scale"), present(outputDim, "outputDim"), present(cosineThreshold, "cosineThreshold"),
                marginThreshold == null ? 0 : marginThreshold,
                singleFrameSimilarity == null ? cosineThreshold : singleFrameSimilarity,
                calibration);
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    /** Where to get the model file, for error messages. */
    public String sourceOrHint() {
        return source == null || source.isBlank() ? "the model's publisher (no source in its descriptor)" : source;
    }

    /** The identity recorded in (and checked against) encodings files. */
    public ModelIdentity identity() {
        return new ModelIdentity(name, sha256, outputDim);
    }
}
