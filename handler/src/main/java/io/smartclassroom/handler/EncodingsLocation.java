package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where the enrolled face encodings are: a local file, or an S3 object ({@code s3://bucket/key}). */
public sealed interface EncodingsLocation {

    /** Reads {@code s3://bucket/key} as an S3 object and anything else as a file path. */
    static EncodingsLocation parse(String value) {
        requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        if (value.regionMatches(true, 0, "s3://", 0, 5)) {
            String rest = value.substring(5);
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("an S3 location must be s3://bucket/key, got " + value);
            }
            return new S3Object(rest.substring(0, slash), rest.substring(slash + 1));
        }
        return new LocalFile(Path.of(value));
    }

    record LocalFile(Path path) implements EncodingsLocation {
        public LocalFile {
            requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    record S3Object(String bucket, String key) implements EncodingsLocation {
        public S3Object {
            requireNonNull(bucket, "bucket");
            requireNonNull(key, "key");
        }

        /** The file name the object is saved under: the last part of its key. */
        public String fileName() {
            return key.substring(key.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
