package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

/** An Amazon Resource Name, {@code arn:partition:service:region:account:resource}. */
public record Arn(String partition, String service, String region, String account, String resource) {
    public Arn {
        requireNonNull(partition, "partition");
        requireNonNull(service, "service");
        requireNonNull(region, "region");
        requireNonNull(account, "account");
        requireNonNull(resource, "resource");
        if (partition.isEmpty() || service.isEmpty() || resource.isEmpty()) {
            throw new IllegalArgumentException("an ARN needs a partition, a service and a resource");
        }
    }

    public static Arn parse(String arn) {
        requireNonNull(arn, "arn");
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            throw new IllegalArgumentException("not an ARN: '" + arn + "'");
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /** The ARN of an S3 bucket: S3 bucket ARNs have neither region nor account. */
    public static Arn s3Bucket(String partition, String bucket) {
        return new Arn(partition, "s3", "", "", requireNonNull(bucket, "bucket"));
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
