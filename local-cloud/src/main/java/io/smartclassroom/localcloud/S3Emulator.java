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
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** S3: S3Proxy in this process, bound to 127.0.0.1, in memory or on a folder, accepting only requests signed with the given credentials. */
final class S3Emulator implements AutoCloseable {
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Emulator(S3Proxy proxy, URI endpoint) {
        this.proxy = requireNonNull(proxy, "proxy");
        this.endpoint = requireNonNull(endpoint, "endpoint");
    }

    /**
     * @param notifications wraps the store so that created objects are announced; empty for none
     */
    static S3Emulator start(int requestedPort, Optional<Path> dataDir, Optional<ObjectCreatedPublisher> notifications,
            LocalCredentials credentials) throws IOException {
        requireNonNull(credentials, "credentials");
        BlobStore store = new MetadataLimitBlobStore(new ConditionalPutBlobStore(
                dataDir.isPresent() ? filesystemStore(dataDir.get()) : new TransientNio2BlobStore()));
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
            throw new IOException("S3Proxy did not start: " + e.getMessage(), e);
        }
        return new S3Emulator(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    private static BlobStore filesystemStore(Path dataDir) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("s3"));
        return new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
