package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The face encodings file the handler's {@code enroll} writes, as far as provisioning needs to know it to
 * move one student's entry from one file to another: the format and version, the recognition model
 * ({@code sha256} and {@code dim} say whether two files' embeddings are comparable) and the
 * {@code students} array of entries with a {@code name}. The embeddings themselves are carried over as
 * they are; the handler checks them when it loads the file. Immutable.
 */
public final class EncodingsDocument {
    static final String FORMAT = "smart-classroom-face-encodings";
    static final int VERSION = 1;

    private final ObjectMapper json;
    private final ObjectNode root;
    private final String source;

    private EncodingsDocument(ObjectMapper json, ObjectNode root, String source) {
        this.json = json;
        this.root = root;
        this.source = source;
    }

    /**
     * @param source what the bytes are, for messages (a file, an S3 location)
     * @throws IOException naming {@code source} when it is not an encodings file of this format
     */
    public static EncodingsDocument parse(ObjectMapper json, byte[] content, String source) throws IOException {
        requireNonNull(json, "json");
        requireNonNull(content, "content");
        requireNonNull(source, "source");
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IOException(source + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || root.path("version").asInt(-1) != VERSION) {
            throw new IOException(source + " is not a " + FORMAT + " version " + VERSION + " file (make it with handler.jar enroll)");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.path("sha256").isTextual() || !model.path("dim").canConvertToInt()) {
            throw new IOException(source + " has no model with sha256 and dim");
        }
        JsonNode students = root.get("students");
        if (students == null || !students.isArray()) {
            throw new IOException(source + " has no students array");
        }
        for (JsonNode student : students) {
            if (!student.path("name").isTextual()) {
                throw new IOException(source + " has a student without a name");
            }
        }
        return new EncodingsDocument(json, (ObjectNode) root.deepCopy(), source);
    }

    /** e.g. {@code faceplugin (sha256 87aa…, 512-d)}. */
    public String model() {
        JsonNode model = root.get("model");
        return "%s (sha256 %s, %d-d)".formatted(model.path("name").asText("?"), model.get("sha256").asText(), model.get("dim").asInt());
    }

    public boolean sameModelAs(EncodingsDocument other) {
        JsonNode mine = root.get("model");
        JsonNode theirs = other.root.get("model");
        return mine.get("sha256").asText().equalsIgnoreCase(theirs.get("sha256").asText())
                && mine.get("dim").asInt() == theirs.get("dim").asInt();
    }

    public List<String> studentNames() {
        List<String> names = new ArrayList<>();
        root.get("students").forEach(student -> names.add(student.get("name").asText()));
        return List.copyOf(names);
    }

    private Optional<JsonNode> student(String name) {
        for (JsonNode student : root.get("students")) {
            if (student.get("name").asText().equals(name)) {
                return Optional.of(student);
            }
        }
        return Optional.empty();
    }

    /**
     * This document with {@code name}'s entry taken from {@code from} (replacing an entry of that name).
     *
     * @throws IOException when {@code from} has no such student or was made with another model
     */
    public EncodingsDocument withStudentFrom(EncodingsDocument from, String name) throws IOException {
        if (!sameModelAs(from)) {
            throw new IOException("%s was made with recognition model %s, but %s with %s: embeddings of different models are not comparable"
                    .formatted(from.source, from.model(), source, model()));
        }
        JsonNode entry = from.student(name).orElseThrow(() -> new IOException(
                "%s has no student %s (it has %s): enroll their photos with handler.jar enroll --images DIR --out FILE, DIR holding %s.jpg"
                        .formatted(from.source, name, from.studentNames(), name)));
        ObjectNode copy = root.deepCopy();
        ArrayNode students = json.createArrayNode();
        copy.get("students").forEach(student -> {
            if (!student.get("name").asText().equals(name)) {
                students.add(student);
            }
        });
        students.add(entry.deepCopy());
        copy.set("students", students);
        return new EncodingsDocument(json, copy, source);
    }

    /** This document without {@code name}'s entry (unchanged when there is none). */
    public EncodingsDocument withoutStudent(String name) {
        ObjectNode copy = root.deepCopy();
        ArrayNode students = json.createArrayNode();
        copy.get("students").forEach(student -> {
            if (!student.get("name").asText().equals(name)) {
                students.add(student);
            }
        });
        copy.set("students", students);
        return new EncodingsDocument(json, copy, source);
    }

    public byte[] toBytes() throws IOException {
        return json.writeValueAsBytes(root);
    }
}
