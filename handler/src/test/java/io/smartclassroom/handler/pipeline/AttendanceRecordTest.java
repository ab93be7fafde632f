package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.S3Sequencer;
import io.smartclassroom.handler.RecordSchema;
import io.smartclassroom.handler.video.AnalysisStats;
import io.smartclassroom.handler.video.FaceCrop;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The attendance record built from an analysis and its CSV rows, as JSON, checked against common's schema. */
class AttendanceRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3Message.ObjectEvent EVENT = new S3Message.ObjectEvent("ObjectCreated:Put",
            new S3ObjectRef("videos", "courseA/lecture 1.mp4", 1234), Optional.of("abc123"), Optional.of("v7"),
            Optional.of(new S3Sequencer("0A")));
    private static final FaceCrop CROP = new FaceCrop(new byte[] {(byte) 0xFF, (byte) 0xD8, 1}, 0.71, 3_500_000);

    private static VideoAnalysis analysis() {
        return new VideoAnalysis(List.of(
                        new StudentSighting("mr_bean", 1_500_000, 62_000_000, 30_000_000, 7, 0.71, Optional.of(CROP)),
                        new StudentSighting("vin_diesel", 5_000_000, 10_000_000, 10_000_000, 2, 0.52)),
                40, 41, 19, 3, 0, 2, false, 1800, "",
                new AnalysisStats(41, 12, 40, 19, 11, 5, 700, 500, 300, 1800), 95_250_000, 5_000_000, List.of());
    }

    private static AttendanceRecord record() {
        List<StudentRecord> rows = List.of(new StudentRecord("mr_bean", "lawyer", "freshmen", Optional.of("1")),
                StudentRecord.withoutRecord("vin_diesel"));
        StageTimings timings = StageTimings.NONE.with("fetch", 12).with("recognise", 1810).withAnalysis(analysis().stats())
                .with("lookup", 9).with("evidence", 4).with("total", 1840);
        return AttendanceRecords.of(EVENT, analysis(), rows, VideoOutcome.STUDENTS_FOUND, "no student record for vin_diesel",
                Map.of("mr_bean", "s3://results/evidence/courseA/lecture 1/mr_bean.jpg"), List.of(), 1,
                ScriptedRecognizer.MODEL, timings);
    }

    @Test
    void theRecordIsValidAgainstTheSchemaWithEveryFieldWhereTheSchemaPutsIt() throws Exception {
        byte[] json = record().toJson();

        assertThat(RecordSchema.violations(json)).isEmpty();
        JsonNode node = JSON.readTree(json);
        assertThat(node.get("schema_version").asInt()).isEqualTo(1);
        assertThat(node.get("video").asText()).isEqualTo("s3://videos/courseA/lecture 1.mp4");
        assertThat(node.get("version_id").asText()).isEqualTo("v7");
        assertThat(node.get("etag").asText()).isEqualTo("abc123");
        assertThat(node.get("duration_s").asDouble()).isEqualTo(95.25);
        assertThat(node.get("outcome").asText()).isEqualTo("students-found");
        assertThat(node.get("reason").asText()).isEqualTo("no student record for vin_diesel");
        assertThat(node.get("segments").asInt()).isEqualTo(1);
        assertThat(node.get("unknown_faces").asInt()).as("unknown people (tracks), not detections").isEqualTo(2);
        assertThat(node.has("unknown_evidence")).as("left out without unknown-face crops").isFalse();
        assertThat(node.get("frames_examined").asInt()).isEqualTo(40);
        assertThat(node.get("frames_decoded").asInt()).isEqualTo(41);
        assertThat(node.get("faces_detected").asInt()).isEqualTo(19);
        assertThat(node.get("embeddings").asInt()).isEqualTo(11);
        assertThat(node.get("sampling_interval_s").asDouble()).isEqualTo(5.0);
        assertThat(node.get("model").get("name").asText()).isEqualTo("scripted");
        assertThat(node.get("model").get("threshold").asDouble()).isEqualTo(0.363);
        assertThat(node.get("model").get("detector_sha256").asText()).hasSize(64);
        List<String> stages = JSON.convertValue(node.get("timings_ms"), ObjectNode.class).properties().stream()
                .map(Map.Entry::getKey).toList();
        assertThat(stages).containsExactly("fetch", "recognise", "decode", "detect", "embed", "lookup", "evidence", "total");

        JsonNode bean = node.get("students").get(0);
        assertThat(bean.get("name").asText()).isEqualTo("mr_bean");
        assertThat(bean.get("id").asText()).isEqualTo("1");
        assertThat(bean.get("major").asText()).isEqualTo("lawyer");
        assertThat(bean.get("year").asText()).isEqualTo("freshmen");
        assertThat(bean.get("first_seen_s").asDouble()).isEqualTo(1.5);
        assertThat(bean.get("last_seen_s").asDouble()).isEqualTo(62.0);
        assertThat(bean.get("seen_s").asDouble()).isEqualTo(30.0);
        assertThat(bean.get("frames").asInt()).isEqualTo(7);
        assertThat(bean.get("best_similarity").asDouble()).isEqualTo(0.71);
        assertThat(bean.get("evidence").asText()).isEqualTo("s3://results/evidence/courseA/lecture 1/mr_bean.jpg");

        JsonNode vin = node.get("students").get(1);
        assertThat(vin.get("name").asText()).isEqualTo("vin_diesel");
        assertThat(vin.get("id").isNull()).as("no record in the table").isTrue();
        assertThat(vin.get("major").isNull()).isTrue();
        assertThat(vin.get("year").isNull()).isTrue();
        assertThat(vin.get("evidence").isNull()).as("present and null when no image was written").isTrue();
    }

    @Test
    void unknownFaceCropsAreListedWhenThereAreSome() throws Exception {
        AttendanceRecord base = record();
        AttendanceRecord withUnknown = AttendanceRecords.of(EVENT, analysis(), List.of(), VideoOutcome.NO_STUDENTS,
                "2 unknown people", Map.of(), List.of("s3://results/evidence/courseA/lecture 1/unknown-1.jpg"), 1,
                base.model(), StageTimings.NONE.with("total", 3));

        JsonNode node = JSON.readTree(withUnknown.toJson());
        assertThat(RecordSchema.violations(withUnknown.toJson())).isEmpty();
        assertThat(node.get("students")).isEmpty();
        assertThat(node.get("unknown_evidence").get(0).asText()).endsWith("/unknown-1.jpg");
    }

    @Test
    void theSchemaCheckCatchesARecordThatBreaksIt() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(record().toJson());
        node.put("surprise", true);
        ((ObjectNode) node.get("students").get(0)).put("best_similarity", 1.5);
        node.remove("model");

        assertThat(RecordSchema.violations(JSON.writeValueAsString(node)))
                .hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(v -> assertThat(v).contains("surprise"))
                .anySatisfy(v -> assertThat(v).contains("model"))
                .anySatisfy(v -> assertThat(v).contains("best_similarity"));
    }

    @Test
    void aRowWithoutASightingIsRefusedNamingTheStudentAndTheVideo() {
        assertThatThrownBy(() -> AttendanceRecords.of(EVENT, analysis(), List.of(StudentRecord.withoutRecord("ghost")),
                        VideoOutcome.STUDENTS_FOUND, "", Map.of(), List.of(), 1, ScriptedRecognizer.MODEL, StageTimings.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost")
                .hasMessageContaining("s3://videos/courseA/lecture 1.mp4");
    }
}
