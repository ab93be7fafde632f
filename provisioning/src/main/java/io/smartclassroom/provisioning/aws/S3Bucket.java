package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.policy.Arn;
import io.smartclassroom.provisioning.policy.BucketPolicies;
import io.smartclassroom.provisioning.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An S3 bucket. With {@link #secured} settings (everywhere but the local cloud) it blocks all public access,
 * encrypts new objects with SSE-S3 by default, carries the tag {@value ManagedTag#KEY} and has the bucket policy
 * {@link BucketPolicies#denyInsecureTransport} (no access over plain HTTP); {@code up} sets what is missing. The
 * bucket policy is this tool's alone: a bucket policy that differs is replaced whole. Deleting it deletes every object in it first (S3 refuses to delete a bucket that is not empty).
 */
public final class S3Bucket implements Resource {
    private static final Logger log = LoggerFactory.getLogger(S3Bucket.class);
    private static final int DELETE_BATCH = 1000;
    static final String BLOCKED = "public access blocked";
    static final String ENCRYPTED = "SSE-S3 default encryption";
    static final String TLS_ONLY = "policy denies non-TLS access";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final Optional<String> locationConstraint;
    private final boolean secured;
    private final PolicyDocument policy;

    /** A bucket whose settings are not managed (the local cloud: S3Proxy has no public access block or tags). */
    public S3Bucket(S3Client s3, String bucket, Optional<String> locationConstraint) {
        this(s3, bucket, locationConstraint, false);
    }

    /**
     * @param locationConstraint the region to create the bucket in when it is not us-east-1 (S3 wants it
     *     said explicitly there); empty for us-east-1 and the local cloud
     * @param secured whether the public access block, default encryption, tag and TLS-only policy are managed
     */
    public S3Bucket(S3Client s3, String bucket, Optional<String> locationConstraint, boolean secured) {
        this(s3, bucket, locationConstraint, secured, "aws");
    }

    /** @param partition the partition of the bucket's ARN in its policy ({@code aws}, {@code aws-cn}, ...) */
    public S3Bucket(S3Client s3, String bucket, Optional<String> locationConstraint, boolean secured, String partition) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.locationConstraint = requireNonNull(locationConstraint, "locationConstraint");
        this.secured = secured;
        this.policy = BucketPolicies.denyInsecureTransport(Arn.s3Bucket(requireNonNull(partition, "partition"), bucket));
    }

    /** The bucket policy it carries when secured. */
    public PolicyDocument policy() {
        return policy;
    }

    @Override
    public String kind() {
        return "bucket";
    }

    @Override
    public String name() {
        return bucket;
    }

    @Override
    public ResourceState inspect() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            if (S3Errors.isNotFound(e)) {
                return new ResourceState.Absent(secured ? BLOCKED + ", " + ENCRYPTED + ", " + TLS_ONLY : "");
            }
            if (e.statusCode() == 403) {
                throw new ProvisioningException("bucket " + bucket + " exists but these credentials may not use it"
                        + " (403; bucket names are global: it may belong to another account)", e);
            }
            if (e.statusCode() == 301) {
                throw new ProvisioningException("bucket " + bucket + " exists in another region (301)", e);
            }
            throw e;
        }
        if (!secured) {
            return new ResourceState.Present("");
        }
        Settings settings = readSettings();
        return settings.differences().isEmpty()
                ? new ResourceState.Present(settings.describe())
                : new ResourceState.Differs(settings.differences());
    }

    @Override
    public String create() {
        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
        locationConstraint.ifPresent(region ->
                request.createBucketConfiguration(configuration -> configuration.locationConstraint(region)));
        try {
            s3.createBucket(request.build());
        } catch (BucketAlreadyOwnedByYouException e) {
            log.info("bucket {} was created concurrently", bucket);
        }
        s3.waiter().waitUntilBucketExists(head -> head.bucket(bucket));
        List<String> detail = new ArrayList<>();
        locationConstraint.ifPresent(region -> detail.add("in " + region));
        if (secured) {
            detail.add(apply(readSettings()).describe());
        }
        return String.join(", ", detail);
    }

    @Override
    public String update(ResourceState.Differs current) {
        if (!secured) {
            throw new IllegalStateException("a bucket without managed settings never differs");
        }
        Settings applied = apply(readSettings());
        return applied.tlsOnly().isPresent() ? "" : "this endpoint has no bucket policies";
    }

    @Override
    public String delete() {
        int deleted = 0;
        List<ObjectIdentifier> batch = new ArrayList<>(DELETE_BATCH);
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == DELETE_BATCH) {
                deleted += deleteObjects(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleted += deleteObjects(batch);
        }
        s3.deleteBucket(request -> request.bucket(bucket));
        s3.waiter().waitUntilBucketNotExists(head -> head.bucket(bucket));
        return deleted == 0 ? "was empty" : deleted + (deleted == 1 ? " object" : " objects") + " deleted with it";
    }

    /**
     * What the bucket's settings are. Each is empty when the endpoint does not implement it (an S3 emulator):
     * then it is neither compared nor set.
     */
    private record Settings(
            Optional<Boolean> publicAccessBlocked,
            Optional<String> defaultEncryption,
            Optional<Map<String, String>> tags,
            Optional<Boolean> tlsOnly) {

        List<String> differences() {
            List<String> differences = new ArrayList<>();
            publicAccessBlocked.filter(blocked -> !blocked).ifPresent(blocked -> differences.add("public access not blocked"));
            defaultEncryption.filter(algorithm -> !algorithm.equals(ServerSideEncryption.AES256.toString()))
                    .ifPresent(algorithm -> differences.add("default encryption is "
                            + (algorithm.isEmpty() ? "off" : algorithm) + ", not SSE-S3 (AES256)"));
            tags.filter(map -> !ManagedTag.isOn(map)).ifPresent(map -> differences.add(ManagedTag.missing()));
            tlsOnly.filter(ok -> !ok).ifPresent(ok -> differences.add("bucket policy does not deny non-TLS access"));
            return differences;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(publicAccessBlocked.isPresent() ? BLOCKED : "this endpoint has no public access block");
            parts.add(defaultEncryption.isPresent() ? ENCRYPTED : "this endpoint has no default encryption");
            parts.add(tags.isPresent() ? "tagged " + ManagedTag.text() : "this endpoint has no bucket tags");
            parts.add(tlsOnly.isPresent() ? TLS_ONLY : "this endpoint has no bucket policies");
            return String.join(", ", parts);
        }
    }

    private Settings readSettings() {
        return new Settings(publicAccessBlocked(), defaultEncryption(), tags(), tlsOnly());
    }

    /** Sets what differs; returns the settings with those the endpoint turned out not to implement left empty. */
    private Settings apply(Settings settings) {
        if (settings.publicAccessBlocked().filter(blocked -> !blocked).isPresent()) {
            s3.putPublicAccessBlock(request -> request.bucket(bucket).publicAccessBlockConfiguration(block -> block
                    .blockPublicAcls(true)
                    .ignorePublicAcls(true)
                    .blockPublicPolicy(true)
                    .restrictPublicBuckets(true)));
        }
        if (settings.defaultEncryption().filter(algorithm -> !algorithm.equals(ServerSideEncryption.AES256.toString())).isPresent()) {
            s3.putBucketEncryption(request -> request.bucket(bucket).serverSideEncryptionConfiguration(configuration ->
                    configuration.rules(ServerSideEncryptionRule.builder()
                            .applyServerSideEncryptionByDefault(sse -> sse.sseAlgorithm(ServerSideEncryption.AES256))
                            .build())));
        }
        if (settings.tags().filter(map -> !ManagedTag.isOn(map)).isPresent()) {
            // PutBucketTagging replaces the whole set: keep the others.
            Map<String, String> tags = new HashMap<>(settings.tags().get());
            tags.putAll(ManagedTag.asMap());
            List<Tag> tagSet = tags.entrySet().stream()
                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                    .toList();
            s3.putBucketTagging(request -> request.bucket(bucket).tagging(tagging -> tagging.tagSet(tagSet)));
        }
        Optional<Boolean> tlsOnly = settings.tlsOnly();
        if (tlsOnly.filter(ok -> !ok).isPresent()) {
            try {
                s3.putBucketPolicy(request -> request.bucket(bucket).policy(policy.toJsonString()));
            } catch (S3Exception e) {
                if (!S3Errors.isNotImplemented(e)) {
                    throw e;
                }
                // S3Proxy answers GetBucketPolicy (404) but not PutBucketPolicy (501)
                log.info("bucket {}: this endpoint does not implement PutBucketPolicy", bucket);
                tlsOnly = Optional.empty();
            }
        }
        return new Settings(settings.publicAccessBlocked(), settings.defaultEncryption(), settings.tags(), tlsOnly);
    }

    /** Whether the bucket policy is {@link #policy}; false when there is none or another. */
    private Optional<Boolean> tlsOnly() {
        String current;
        try {
            current = s3.getBucketPolicy(request -> request.bucket(bucket)).policy();
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return Optional.empty();
            }
            if (S3Errors.isNotFound(e)) { // NoSuchBucketPolicy
                return Optional.of(false);
            }
            throw e;
        }
        try {
            JsonNode parsed = current == null ? null : JSON.readTree(current);
            return Optional.of(policy.sameAs(parsed));
        } catch (JsonProcessingException e) {
            // S3 validates every policy it keeps: an answer that is not JSON comes from an endpoint without bucket
            // policies (S3Proxy ignores ?policy and lists the bucket instead)
            log.info("bucket {}: the endpoint's answer to GetBucketPolicy is not JSON ({}): it has no bucket policies",
                    bucket, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private Optional<Boolean> publicAccessBlocked() {
        try {
            PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(request -> request.bucket(bucket))
                    .publicAccessBlockConfiguration();
            return Optional.of(block != null
                    && Boolean.TRUE.equals(block.blockPublicAcls())
                    && Boolean.TRUE.equals(block.ignorePublicAcls())
                    && Boolean.TRUE.equals(block.blockPublicPolicy())
                    && Boolean.TRUE.equals(block.restrictPublicBuckets()));
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return Optional.empty();
            }
            if (S3Errors.isNotFound(e)) { // NoSuchPublicAccessBlockConfiguration
                return Optional.of(false);
            }
            throw e;
        }
    }

    /** The default encryption algorithm, "" when there is none. */
    private Optional<String> defaultEncryption() {
        try {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(request -> request.bucket(bucket))
                    .serverSideEncryptionConfiguration().rules();
            return Optional.of(rules.stream()
                    .filter(rule -> rule.applyServerSideEncryptionByDefault() != null)
                    .map(rule -> rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                    .findFirst()
                    .orElse(""));
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return Optional.empty();
            }
            if (S3Errors.isNotFound(e)) { // ServerSideEncryptionConfigurationNotFoundError
                return Optional.of("");
            }
            throw e;
        }
    }

    private Optional<Map<String, String>> tags() {
        try {
            Map<String, String> tags = new HashMap<>();
            s3.getBucketTagging(request -> request.bucket(bucket)).tagSet().forEach(tag -> tags.put(tag.key(), tag.value()));
            return Optional.of(tags);
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return Optional.empty();
            }
            if (S3Errors.isNotFound(e)) { // NoSuchTagSet
                return Optional.of(Map.of());
            }
            throw e;
        }
    }

    private int deleteObjects(List<ObjectIdentifier> keys) {
        DeleteObjectsResponse response = s3.deleteObjects(request -> request
                .bucket(bucket)
                .delete(delete -> delete.objects(keys).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            throw new ProvisioningException("could not delete " + response.errors().size() + " object(s) of bucket "
                    + bucket + ", e.g. " + response.errors().get(0).key() + ": " + response.errors().get(0).message());
        }
        log.info("deleted {} objects of bucket {}", keys.size(), bucket);
        return keys.size();
    }
}
