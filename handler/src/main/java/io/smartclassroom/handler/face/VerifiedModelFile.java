package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a model file whose SHA-256 matched its pinned sum. Networks are created from these bytes
 * (never by re-reading the path), so what runs is exactly what was verified. Immutable: the bytes are
 * never handed out except to the native loaders of this package.
 */
public final class VerifiedModelFile {
    private final Path path;
    private final String sha256;
    private final byte[] bytes;

    private VerifiedModelFile(Path path, String sha256, byte[] bytes) {
        this.path = path;
        this.sha256 = sha256;
        this.bytes = bytes;
    }

    /**
     * Reads {@code path} and checks its SHA-256.
     *
     * @param source where to get the file, for the error message (a URL or an instruction)
     * @throws ModelLoadException when the file is missing, unreadable or has another SHA-256
     */
    public static VerifiedModelFile read(Path path, String expectedSha256, String source) {
        requireNonNull(path, "path");
        requireNonNull(expectedSha256, "expectedSha256");
        requireNonNull(source, "source");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model file %s is missing (expected SHA-256 %s); get it from %s"
                    .formatted(path.toAbsolutePath(), expectedSha256, source));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file %s (expected SHA-256 %s; source %s): %s"
                    .formatted(path.toAbsolutePath(), expectedSha256, source, e), e);
        }
        String actual = sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new ModelLoadException(
                    "model file %s has SHA-256 %s but %s is pinned (%d bytes read); it is corrupt or another file: get it from %s"
                            .formatted(path.toAbsolutePath(), actual, expectedSha256, bytes.length, source));
        }
        return new VerifiedModelFile(path, actual, bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public Path path() {
        return path;
    }

    public String sha256() {
        return sha256;
    }

    public int size() {
        return bytes.length;
    }

    /** The verified bytes; package-private so that only the native loaders here see the array. */
    byte[] bytes() {
        return bytes;
    }
}
