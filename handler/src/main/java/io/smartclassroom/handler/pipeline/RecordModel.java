package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smartclassroom.handler.face.FaceDetectorModel;
import io.smartclassroom.handler.face.FaceModels;
import java.util.regex.Pattern;

/**
 * The models that made an attendance record, as its {@code model} field: the recognition model's name and the
 * SHA-256 of its file, the detector file's SHA-256 (null: not known, left out), and the cosine threshold a match
 * must reach.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordModel(
        @JsonProperty("name") String name,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("detector_sha256") String detectorSha256,
        @JsonProperty("threshold") double threshold) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public RecordModel {
        requireNonNull(name, "name");
        requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("the recognition model's sha256 is not 64 lower-case hex digits: '" + sha256 + "'");
        }
        if (detectorSha256 != null && !SHA256.matcher(detectorSha256).matches()) {
            throw new IllegalArgumentException("the detector's sha256 is not 64 lower-case hex digits: '" + detectorSha256 + "'");
        }
    }

    /** The loaded, verified models. */
    public static RecordModel of(FaceModels models) {
        requireNonNull(models, "models");
        return new RecordModel(models.recognitionModel().name(), models.recognitionModel().sha256().toLowerCase(java.util.Locale.ROOT),
                FaceDetectorModel.SHA256.toLowerCase(java.util.Locale.ROOT), models.recognitionModel().cosineThreshold());
    }
}
