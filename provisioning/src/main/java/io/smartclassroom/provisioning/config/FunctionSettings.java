package io.smartclassroom.provisioning.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the Lambda function is deployed.
 *
 * @param imageUri the handler image in ECR; empty = the function is not created or updated
 * @param role the IAM role the function runs as
 * @param memoryMb memory in MB (128-10240)
 * @param timeoutSeconds timeout (1-900 s)
 * @param ephemeralStorageMb size of {@code /tmp} in MB (512-10240)
 * @param reservedConcurrency reserved concurrent executions; empty = none
 * @param modelsDir {@code MODELS_DIR} of the function: where its image keeps the face models
 */
public record FunctionSettings(
        Optional<String> imageUri,
        String role,
        int memoryMb,
        int timeoutSeconds,
        int ephemeralStorageMb,
        OptionalInt reservedConcurrency,
        String modelsDir) {

    public FunctionSettings {
        requireNonNull(imageUri, "imageUri");
        requireNonNull(role, "role");
        requireNonNull(reservedConcurrency, "reservedConcurrency");
        requireNonNull(modelsDir, "modelsDir");
        requireRange("memory", memoryMb, 128, 10_240);
        requireRange("timeout", timeoutSeconds, 1, 900);
        requireRange("ephemeral storage", ephemeralStorageMb, 512, 10_240);
        if (reservedConcurrency.isPresent()) {
            requireRange("reserved concurrency", reservedConcurrency.getAsInt(), 1, 100_000);
        }
    }

    /** The default reserved concurrency: at most this many videos are processed at once. */
    public static final int DEFAULT_RESERVED_CONCURRENCY = 10;

    /** The defaults for a function: no image, role {@code <function>-role}, reserved concurrency 10. */
    public static FunctionSettings defaults(String function) {
        return new FunctionSettings(Optional.empty(), defaultRole(function), 3008, 900, 2048,
                OptionalInt.of(DEFAULT_RESERVED_CONCURRENCY), "/opt/models");
    }

    public static String defaultRole(String function) {
        return requireNonNull(function, "function") + "-role";
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
