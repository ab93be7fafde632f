package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Resolves a recognition model reference: a built-in name ({@value #SFACE}, {@value #FACEPLUGIN}),
 * which reads the classpath descriptor {@code models/<name>.json}, or the path of a descriptor JSON file.
 */
public final class RecognitionModels {
    /** OpenCV Zoo SFace, the production recognizer (128-d). */
    public static final String SFACE = "sface";
    /** The 512-d stand-in used where SFace cannot be downloaded. */
    public static final String FACEPLUGIN = "faceplugin";
    public static final List<String> BUILT_IN = List.of(SFACE, FACEPLUGIN);

    private static final Pattern BUILT_IN_NAME = Pattern.compile("[a-z0-9_-]+");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private RecognitionModels() {}

    /**
     * The descriptor for {@code reference}: a built-in name, else a path to a descriptor JSON.
     *
     * @throws ModelLoadException for an unknown name, a missing or invalid descriptor
     */
    public static RecognitionModel resolve(String reference) {
        requireNonNull(reference, "reference");
        String trimmed = reference.strip();
        if (BUILT_IN_NAME.matcher(trimmed.toLowerCase(Locale.ROOT)).matches() && !trimmed.endsWith(".json")) {
            String resource = "models/" + trimmed.toLowerCase(Locale.ROOT) + ".json";
            try (InputStream in = RecognitionModels.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelLoadException("unknown recognition model '%s': use one of %s or the path of a model descriptor JSON"
                            .formatted(trimmed, BUILT_IN));
                }
                return parse(in.readAllBytes(), "built-in descriptor " + resource);
            } catch (IOException e) {
                throw new ModelLoadException("cannot read built-in descriptor " + resource + ": " + e, e);
            }
        }
        Path path = Path.of(trimmed);
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("model descriptor %s does not exist (built-in models: %s)"
                    .formatted(path.toAbsolutePath(), BUILT_IN));
        }
        try {
            return parse(Files.readAllBytes(path), "descriptor " + path.toAbsolutePath());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model descriptor " + path.toAbsolutePath() + ": " + e, e);
        }
    }

    static RecognitionModel parse(byte[] json, String what) {
        try {
            return JSON.readValue(json, RecognitionModel.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new ModelLoadException("invalid model %s: %s".formatted(what, cause.getMessage()), e);
        }
    }
}
