package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

/**
 * "When an object is created in {@code bucket}, send an S3 event notification to {@code queueName}":
 * what S3's bucket notification configuration says on AWS, configured here because S3Proxy does not
 * implement the notification API.
 */
public record BucketNotification(String bucket, String queueName) {
    public BucketNotification {
        requireNonNull(bucket, "bucket");
        requireNonNull(queueName, "queueName");
    }

    /** Parses {@code BUCKET=QUEUE}. */
    public static BucketNotification parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("a notification is BUCKET=QUEUE, not '" + spec + "'");
        }
        return new BucketNotification(spec.substring(0, eq), spec.substring(eq + 1));
    }
}
