package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attendance record of one video as the handler writes it beside the CSV ({@code ResultKeys.recordKey}):
 * the fields of common's {@code attendance-record.schema.json} that the report shows. Parsing checks the
 * required fields and their types and names the file and the field of any that is wrong.
 */
public record AttendanceRecord(
        String video,
        double durationS,
        String outcome,
        String reason,
        List<SeenStudent> students,
        long unknownFaces,
        long framesExamined,
        String modelName,
        Map<String, Long> timingsMs) {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public AttendanceRecord {
        requireNonNull(video, "video");
        requireNonNull(outcome, "outcome");
        requireNonNull(reason, "reason");
        students = List.copyOf(requireNonNull(students, "students"));
        requireNonNull(modelName, "modelName");
        timingsMs = Map.copyOf(requireNonNull(timingsMs, "timingsMs"));
    }

    /** The video's object key: {@code s3://in/r1/a.mp4} → {@code r1/a.mp4}. */
    public String videoKey() {
        String rest = video.substring("s3://".length());
        return rest.substring(rest.indexOf('/') + 1);
    }

    /**
     * @param json   the record's text
     * @param source where it came from (e.g. {@code s3://out/r1/a.json}), named in every error
     * @throws IllegalArgumentException when it is not JSON or a field the report needs is missing or mistyped
     */
    public static AttendanceRecord parse(String json, String source) {
        requireNonNull(json, "json");
        requireNonNull(source, "source");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage());
        }
        Fields fields = new Fields(source, "");
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " is not a JSON object");
        }
        int version = (int) fields.integer(root, "schema_version");
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException(source + ": schema_version is " + version + ", this verifier reads "
                    + SCHEMA_VERSION);
        }
        String video = fields.text(root, "video");
        if (!video.matches("^s3://[^/]+/.+")) {
            throw new IllegalArgumentException(source + ": video is '" + video + "', not s3://bucket/key");
        }
        JsonNode studentsNode = fields.node(root, "students");
        if (!studentsNode.isArray()) {
            throw new IllegalArgumentException(source + ": students is not an array");
        }
        List<SeenStudent> students = new ArrayList<>();
        for (int i = 0; i < studentsNode.size(); i++) {
            JsonNode student = studentsNode.get(i);
            Fields at = new Fields(source, "students[" + i + "].");
            if (!student.isObject()) {
                throw new IllegalArgumentException(source + ": students[" + i + "] is not an object");
            }
            students.add(new SeenStudent(
                    at.text(student, "name"),
                    at.nullableText(student, "id"),
                    at.nullableText(student, "major"),
                    at.nullableText(student, "year"),
                    at.number(student, "first_seen_s"),
                    at.number(student, "last_seen_s"),
                    at.number(student, "seen_s"),
                    at.integer(student, "frames"),
                    at.number(student, "best_similarity"),
                    at.nullableText(student, "evidence")));
        }
        JsonNode model = fields.node(root, "model");
        Map<String, Long> timings = new LinkedHashMap<>();
        JsonNode timingsNode = fields.node(root, "timings_ms");
        Fields timingFields = new Fields(source, "timings_ms.");
        timingsNode.fieldNames().forEachRemaining(name -> timings.put(name, timingFields.integer(timingsNode, name)));
        return new AttendanceRecord(
                video,
                fields.number(root, "duration_s"),
                fields.text(root, "outcome"),
                fields.text(root, "reason"),
                students,
                fields.integer(root, "unknown_faces"),
                fields.integer(root, "frames_examined"),
                new Fields(source, "model.").text(model, "name"),
                timings);
    }

    /** Reads typed fields and names {@code source} and the field's path in every error. */
    private record Fields(String source, String path) {
        JsonNode node(JsonNode parent, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(source + ": " + path + name + " is missing");
            }
            return node;
        }

        String text(JsonNode parent, String name) {
            JsonNode node = node(parent, name);
            if (!node.isTextual()) {
                throw wrongType(name, "a string", node);
            }
            return node.textValue();
        }

        Optional<String> nullableText(JsonNode parent, String name) {
            JsonNode node = node(parent, name);
            if (node.isNull()) {
                return Optional.empty();
            }
            if (!node.isTextual()) {
                throw wrongType(name, "a string or null", node);
            }
            return Optional.of(node.textValue());
        }

        double number(JsonNode parent, String name) {
            JsonNode node = node(parent, name);
            if (!node.isNumber()) {
                throw wrongType(name, "a number", node);
            }
            return node.doubleValue();
        }

        long integer(JsonNode parent, String name) {
            JsonNode node = node(parent, name);
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw wrongType(name, "an integer", node);
            }
            return node.longValue();
        }

        private IllegalArgumentException wrongType(String name, String expected, JsonNode node) {
            String shown = node.toString();
            return new IllegalArgumentException(source + ": " + path + name + " is not " + expected + ": "
                    + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
        }
    }
}
