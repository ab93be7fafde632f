package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

/**
 * One object named by an S3 event notification: bucket and the <em>decoded</em> key.
 */
public record S3ObjectRef(String bucket, String key, long size) {
    public S3ObjectRef {
        requireNonNull(bucket, "bucket");
        requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket is empty");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
    }

    /** The object's file name without folders, e.g. {@code test_0.mp4} for {@code in/test_0.mp4}. */
    public String fileName() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
