package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies objects of a bucket into a local folder, each at its key ({@link LocalFiles#resolve}), through a
 * temporary file renamed into place, so a file in the folder is always a whole object.
 */
final class ResultsDownload {
    private final S3Client s3;
    private final String bucket;
    private final Path dir;

    ResultsDownload(S3Client s3, String bucket, Path dir) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.dir = requireNonNull(dir, "dir");
    }

    /**
     * @return the file written
     * @throws IllegalArgumentException when the key is not a safe relative path
     * @throws UncheckedIOException     when the file cannot be written
     */
    Path download(String key) {
        Path file = LocalFiles.resolve(dir, key);
        try {
            Files.createDirectories(file.getParent());
            Path partial = partialFile(file);
            try {
                try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    s3.getObject(request -> request.bucket(bucket).key(key), ResponseTransformer.toOutputStream(out));
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write s3://" + bucket + "/" + key + " to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * A new name beside {@code file} to write it under first. Made with the process's umask (a temporary file of
     * {@code Files.createTempFile} would be 0600, and the folder is for people to open and share).
     */
    static Path partialFile(Path file) {
        return file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".part");
    }
}
