package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the encodings file: JSON recording the recognition model the embeddings were made
 * with (name, SHA-256 of its file, dimension) and, per student, one or more L2-normalised embeddings.
 *
 * <pre>{@code
 * {"format": "smart-classroom-face-encodings", "version": 1,
 *  "model": {"name": "faceplugin", "sha256": "87aa…", "dim": 512},
 *  "students": [{"name": "mr_bean", "embeddings": [[0.013, …]], "sources": ["mr_bean.jpg"]}]}
 * }</pre>
 */
public final class EncodingsFile {
    static final String FORMAT = "smart-classroom-face-encodings";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private record Content(
            @JsonProperty(value = "format", required = true) String format,
            @JsonProperty(value = "version", required = true) int version,
            @JsonProperty(value = "model", required = true) ModelIdentity model,
            @JsonProperty(value = "students", required = true) List<EnrolledStudent> students) {}

    private EncodingsFile() {}

    /**
     * Reads {@code path}, re-normalising every embedding.
     *
     * @throws InvalidEncodingsException when the file is missing, unreadable or malformed
     */
    public static Encodings read(Path path) {
        requireNonNull(path, "path");
        byte[] json;
        try {
            json = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidEncodingsException("encodings file %s does not exist: create it with the enroll command"
                    .formatted(path.toAbsolutePath()));
        } catch (IOException e) {
            throw new InvalidEncodingsException("encodings file %s is not valid: %s".formatted(path.toAbsolutePath(), e.getMessage()), e);
        }
        return parse(json, "encodings file " + path.toAbsolutePath());
    }

    /**
     * Parses the JSON of an encodings file, re-normalising every embedding.
     *
     * @param source what the bytes are, for messages (e.g. {@code encodings s3://config/encodings.json})
     * @throws InvalidEncodingsException naming {@code source} when the content is malformed
     */
    public static Encodings parse(byte[] json, String source) {
        requireNonNull(json, "json");
        requireNonNull(source, "source");
        Content content;
        try {
            content = JSON.readValue(json, Content.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidEncodingsException("%s is not valid: %s".formatted(source, e.getMessage()), e);
        }
        if (!FORMAT.equals(content.format()) || content.version() != VERSION) {
            throw new InvalidEncodingsException("%s has format %s version %d; expected %s version %d"
                    .formatted(source, content.format(), content.version(), FORMAT, VERSION));
        }
        try {
            List<EnrolledStudent> students = new ArrayList<>();
            for (EnrolledStudent student : content.students()) {
                List<float[]> normalized = student.embeddings().stream().map(Embeddings::normalize).toList();
                students.add(new EnrolledStudent(student.name(), normalized, student.sources()));
            }
            return new Encodings(content.model(), students);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEncodingsException("%s is not valid: %s".formatted(source, e.getMessage()), e);
        }
    }

    /**
     * Parses {@code json} and checks that it was made with {@code expected}.
     *
     * @throws InvalidEncodingsException naming {@code source} when it was made with another model or is malformed
     */
    public static Encodings parseFor(byte[] json, String source, ModelIdentity expected) {
        return checkModel(parse(json, source), source, expected);
    }

    /**
     * Reads {@code path} and checks that it was made with {@code expected}.
     *
     * @throws InvalidEncodingsException when it was made with another model, or cannot be read
     */
    public static Encodings readFor(Path path, ModelIdentity expected) {
        return checkModel(read(path), "encodings file " + path.toAbsolutePath(), expected);
    }

    private static Encodings checkModel(Encodings encodings, String source, ModelIdentity expected) {
        requireNonNull(expected, "expected");
        if (!encodings.model().sameModelAs(expected)) {
            throw new InvalidEncodingsException(
                    "%s was made with recognition model %s, but the loaded model is %s; embeddings of different models are not comparable: enroll again with this model, or load the model the file was made with"
                            .formatted(source, encodings.model(), expected));
        }
        return encodings;
    }

    /** Writes {@code encodings} to {@code path} atomically (a temporary file in the same folder, then a move). */
    public static void write(Path path, Encodings encodings) throws IOException {
        requireNonNull(path, "path");
        requireNonNull(encodings, "encodings");
        Path absolute = path.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, absolute.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), new Content(FORMAT, VERSION, encodings.model(), encodings.students()));
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
