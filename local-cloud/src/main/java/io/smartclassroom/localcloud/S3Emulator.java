package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3: S3Proxy in this process, bound to 127.0.0.1, storing objects as files (jclouds' filesystem provider, the NIO.2
 * one): in {@code dataDir} when one is given, else in a temporary folder deleted on close. Never in the heap (the
 * transient provider keeps objects in an in-memory file system, so a 2 GB lecture would need 2 GB of heap).
 */
final class S3Emulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3Emulator.class);

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path directory;
    private final boolean temporary;

    private S3Emulator(S3Proxy proxy, URI endpoint, Path directory, boolean temporary) {
        this.proxy = requireNonNull(proxy, "proxy");
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.directory = requireNonNull(directory, "directory");
        this.temporary = temporary;
    }

    /**
     * @param notifications wraps the store so that created objects are announced; empty for none
     */
    static S3Emulator start(int requestedPort, Optional<Path> dataDir, Optional<ObjectCreatedPublisher> notifications,
            LocalCredentials credentials) throws IOException {
        requireNonNull(credentials, "credentials");
        Path directory = dataDir.isPresent() ? Files.createDirectories(dataDir.get().resolve("s3"))
                : Files.createTempDirectory("local-cloud-s3-");
        BlobStore store = new MetadataLimitBlobStore(new ConditionalPutBlobStore(
                new FilesystemNio2BlobStore(directory.toAbsolutePath().toString())));
        if (notifications.isPresent()) {
            store = new NotifyingBlobStore(store, notifications.get());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .awsAuthentication(
                        AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            if (dataDir.isEmpty()) {
                deleteTree(directory);
            }
            throw new IOException("S3Proxy did not start: " + e.getMessage(), e);
        }
        return new S3Emulator(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), directory, dataDir.isEmpty());
    }

    /** The folder the objects are stored in (a folder per bucket, a file per object). */
    Path directory() {
        return directory;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            if (temporary) {
                deleteTree(directory);
            }
        }
    }

    private static void deleteTree(Path root) {
        try {
            if (Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                    for (Path child : children) {
                        deleteTree(child);
                    }
                }
            }
            Files.deleteIfExists(root);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the local S3 folder {}: {}", root, e.toString());
        }
    }
}
