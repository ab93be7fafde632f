package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resource policies of the S3 buckets. */
public final class BucketPolicies {
    public static final String SECURE_TRANSPORT = "aws:SecureTransport";

    private BucketPolicies() {}

    /**
     * The policy every bucket of the pipeline carries: anyone, the bucket's own account included, is denied every S3
     * action on the bucket and its objects over plain HTTP ({@code aws:SecureTransport} false). A Deny is not
     * public, so the public access block allows it.
     */
    public static PolicyDocument denyInsecureTransport(Arn bucket) {
        requireNonNull(bucket, "bucket");
        if (!bucket.service().equals("s3") || bucket.resource().contains("/")) {
            throw new IllegalArgumentException("not a bucket ARN: " + bucket);
        }
        PolicyStatement statement = new PolicyStatement(
                Optional.of("DenyInsecureTransport"),
                Effect.DENY,
                Map.of("AWS", List.of("*")),
                List.of("s3:*"),
                List.of(bucket.toString(), bucket + "/*"),
                List.of(PolicyCondition.of("Bool", SECURE_TRANSPORT, "false")));
        return new PolicyDocument(Optional.of(bucket.resource() + "-tls-only"), List.of(statement));
    }
}
