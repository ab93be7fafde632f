package io.smartclassroom.provisioning.config;

import static java.util.Objects.requireNonNull;

/** An object in S3, written {@code s3://bucket/key}. */
public record S3Location(String bucket, String key) {
    private static final String SCHEME = "s3://";

    public S3Location {
        requireNonNull(bucket, "bucket");
        requireNonNull(key, "key");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("bad bucket name: '" + bucket + "'");
        }
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("bad object key: '" + key + "'");
        }
    }

    /** Parses {@code s3://bucket/key}; the key may contain slashes. */
    public static S3Location parse(String location) {
        requireNonNull(location, "location");
        if (!location.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an s3://bucket/key location: '" + location + "'");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("not an s3://bucket/key location: '" + location + "'");
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
