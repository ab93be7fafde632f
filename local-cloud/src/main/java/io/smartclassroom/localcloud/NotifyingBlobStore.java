package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3ObjectRef;
import java.io.InputStream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A blob store that announces every object it creates (put, copy, completed multipart upload) the way
 * S3 does, after the object is stored.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    /** S3Proxy's own bookkeeping objects for multipart uploads: not user objects. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private final ObjectCreatedPublisher publisher;

    NotifyingBlobStore(BlobStore delegate, ObjectCreatedPublisher publisher) {
        super(delegate);
        this.publisher = requireNonNull(publisher, "publisher");
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        announce("ObjectCreated:Put", request.bucket(), request.key(), response.eTag());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
        announce("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey(), eTag);
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        announce("ObjectCreated:CompleteMultipartUpload", upload.containerName(), upload.blobName(), response.eTag());
        return response;
    }

    private void announce(String eventName, String bucket, String key, String eTag) {
        if (key == null || key.startsWith(MULTIPART_STUB_PREFIX) || !publisher.notifies(bucket)) {
            return;
        }
        HeadObjectResponse head = delegate().blobMetadataIfPresent(bucket, key);
        long size = head == null || head.contentLength() == null ? 0 : head.contentLength();
        publisher.objectCreated(eventName, new S3ObjectRef(bucket, key, size), eTag);
    }
}
