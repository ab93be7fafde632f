package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the student records file: a JSON array of {@code {"id": 1, "name": "...", "major": "...", "year": "..."}}.
 * Ids must be unique integers and names unique (the handler finds a student by name through the index).
 */
public final class StudentDataFile {
    private final ObjectMapper json;

    public StudentDataFile(ObjectMapper json) {
        this.json = requireNonNull(json, "json");
    }

    public List<StudentRecord> read(Path file) throws IOException {
        requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "student data file does not exist");
        }
        return parse(text, file.toString());
    }

    public List<StudentRecord> parse(String text, String source) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(source + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(source + " must be a JSON array of student records");
        }
        List<StudentRecord> students = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = source + " record " + i;
            if (!node.isObject()) {
                throw new IOException(where + " is not an object");
            }
            JsonNode id = node.get("id");
            if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
                throw new IOException(where + ": \"id\" must be an integer");
            }
            StudentRecord student = new StudentRecord(
                    id.longValue(), text(node, "name", where), text(node, "major", where), text(node, "year", where));
            if (!ids.add(student.id())) {
                throw new IOException(where + ": duplicate id " + student.id());
            }
            if (!names.add(student.name())) {
                throw new IOException(where + ": duplicate name " + student.name());
            }
            students.add(student);
        }
        if (students.isEmpty()) {
            throw new IOException(source + " holds no student records");
        }
        return List.copyOf(students);
    }

    private static String text(JsonNode node, String field, String where) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IOException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return value.asText().trim();
    }
}
