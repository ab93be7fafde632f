package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smartclassroom.common.ResultKeys;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attendance record of one video, the JSON written beside its CSV at {@link ResultKeys#recordKey}; its
 * schema is {@link ResultKeys#RECORD_SCHEMA_RESOURCE} in {@code common} (field names and meaning are defined
 * there, this class only mirrors them). Times are seconds from the video's start. The optional fields
 * ({@code version_id}, {@code etag}, {@code segments}, {@code unknown_evidence}) are null when absent and then
 * left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema_version", "video", "version_id", "etag", "duration_s", "outcome", "reason", "segments",
        "students", "unknown_faces", "unknown_evidence", "frames_examined", "frames_decoded", "faces_detected",
        "embeddings", "sampling_interval_s", "model", "timings_ms"})
public record AttendanceRecord(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("video") String video,
        @JsonProperty("version_id") String versionId,
        @JsonProperty("etag") String etag,
        @JsonProperty("duration_s") double durationSeconds,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("reason") String reason,
        @JsonProperty("segments") Integer segments,
        @JsonProperty("students") List<Student> students,
        @JsonProperty("unknown_faces") int unknownFaces,
        @JsonProperty("unknown_evidence") List<String> unknownEvidence,
        @JsonProperty("frames_examined") int framesExamined,
        @JsonProperty("frames_decoded") int framesDecoded,
        @JsonProperty("faces_detected") int facesDetected,
        @JsonProperty("embeddings") int embeddings,
        @JsonProperty("sampling_interval_s") double samplingIntervalSeconds,
        @JsonProperty("model") RecordModel model,
        @JsonProperty("timings_ms") Map<String, Long> timingsMillis) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    public AttendanceRecord {
        requireNonNull(video, "video");
        requireNonNull(outcome, "outcome");
        requireNonNull(reason, "reason");
        if (segments != null && segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1: " + segments);
        }
        students = List.copyOf(requireNonNull(students, "students"));
        unknownEvidence = unknownEvidence == null ? null : List.copyOf(unknownEvidence);
        requireNonNull(model, "model");
        timingsMillis = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(timingsMillis, "timingsMillis")));
        if (!VideoOutcome.STUDENTS_FOUND.equals(outcome) && !VideoOutcome.NO_STUDENTS.equals(outcome)) {
            throw new IllegalArgumentException("outcome must be " + VideoOutcome.STUDENTS_FOUND + " or "
                    + VideoOutcome.NO_STUDENTS + ": '" + outcome + "'");
        }
    }

    /**
     * One recognised student: the table's record (id, major, year: null when the table has none), when they were
     * first and last seen, how long and in how many examined frames, the best similarity, and the S3 URI of the
     * evidence image (null when it could not be written).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"name", "id", "major", "year", "first_seen_s", "last_seen_s", "seen_s", "frames",
            "best_similarity", "evidence"})
    public record Student(
            @JsonProperty("name") String name,
            @JsonProperty("id") String id,
            @JsonProperty("major") String major,
            @JsonProperty("year") String year,
            @JsonProperty("first_seen_s") double firstSeenSeconds,
            @JsonProperty("last_seen_s") double lastSeenSeconds,
            @JsonProperty("seen_s") double seenSeconds,
            @JsonProperty("frames") int frames,
            @JsonProperty("best_similarity") double bestSimilarity,
            @JsonProperty("evidence") String evidence) {
        public Student {
            requireNonNull(name, "name");
            if (lastSeenSeconds < firstSeenSeconds) {
                throw new IllegalArgumentException(name + " last seen at " + lastSeenSeconds + " s, before first seen at "
                        + firstSeenSeconds + " s");
            }
        }
    }

    /** The record as UTF-8 JSON text (indented). */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the attendance record of " + video + " as JSON", e);
        }
    }
}
