package io.smartclassroom.handler.enrollment;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Where a warm function re-reads its encodings: the content, only when it differs from the version it has. */
public interface EncodingsSource {

    /** The encodings' JSON and the version it is (an S3 ETag, or a file's modification time and size). */
    record Content(byte[] json, String version) {
        public Content {
            requireNonNull(json, "json");
            requireNonNull(version, "version");
        }
    }

    /**
     * The encodings when they are no longer at {@code version}; empty when they still are.
     *
     * @throws RuntimeException when they cannot be read (the caller keeps what it has)
     */
    Optional<Content> fetchIfChanged(String version);

    /** Where the encodings are, e.g. {@code s3://config/encodings.json}, for logs and messages. */
    String location();
}
