package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket. Deleting it deletes every object in it first (S3 refuses to delete a bucket that is not empty).
 */
public final class S3Bucket implements Resource {
    private static final Logger log = LoggerFactory.getLogger(S3Bucket.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final Optional<String> locationConstraint;

    /**
     * @param locationConstraint the region to create the bucket in when it is not us-east-1 (S3 wants it
     *     said explicitly there); empty for us-east-1 and the local cloud
     */
    public S3Bucket(S3Client s3, String bucket, Optional<String> locationConstraint) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.locationConstraint = requireNonNull(locationConstraint, "locationConstraint");
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
            return new ResourceState.Present("");
        } catch (S3Exception e) {
            if (S3Errors.isNotFound(e)) {
                return new ResourceState.Absent("");
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
        return locationConstraint.map(region -> "in " + region).orElse("");
    }

    @Override
    public String update(ResourceState.Differs current) {
        throw new IllegalStateException("a bucket never differs");
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
