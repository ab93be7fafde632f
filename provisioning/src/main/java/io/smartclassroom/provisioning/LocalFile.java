package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A local file to upload, with the digests used to tell whether the stored copy is the same. */
public record LocalFile(Path path, long size, String sha256, String md5) {
    public LocalFile {
        requireNonNull(path, "path");
        requireNonNull(sha256, "sha256");
        requireNonNull(md5, "md5");
    }

    public static LocalFile read(Path path) throws IOException {
        requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is not a readable file");
        }
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                size += n;
            }
        }
        HexFormat hex = HexFormat.of();
        return new LocalFile(path, size, hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
