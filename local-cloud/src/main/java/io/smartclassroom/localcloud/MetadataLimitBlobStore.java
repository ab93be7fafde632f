package io.smartclassroom.localcloud;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A blob store that refuses user metadata over S3's limit as S3 does: 2 KB, the UTF-8 bytes of every
 * {@code x-amz-meta-*} name (without the prefix) and value added up, on PutObject, CreateMultipartUpload and a
 * CopyObject that replaces the metadata: HTTP 400 {@code MetadataTooLarge}. S3Proxy's stores take any amount, so a
 * writer that is wrong about the limit would pass every local test and fail against S3.
 */
final class MetadataLimitBlobStore extends ForwardingBlobStore {
    /** S3's limit on user metadata, in bytes. */
    static final int MAX_USER_METADATA_BYTES = 2048;

    MetadataLimitBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        check(request.metadata(), request.key());
        return super.putBlob(request, content);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        check(request.metadata(), request.key());
        return super.initiateMultipartUpload(request);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        if (request.metadataDirective() == MetadataDirective.REPLACE) {
            check(request.metadata(), request.destinationKey());
        }
        return super.copyBlob(request);
    }

    /** The size S3 counts: the UTF-8 bytes of each name (without {@code x-amz-meta-}) and value. */
    static int userMetadataBytes(Map<String, String> metadata) {
        int total = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            total += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (entry.getValue() == null ? 0 : entry.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        return total;
    }

    private static void check(Map<String, String> metadata, String key) {
        if (metadata == null) {
            return;
        }
        int bytes = userMetadataBytes(metadata);
        if (bytes > MAX_USER_METADATA_BYTES) {
            String message = "Your metadata headers exceed the maximum allowed metadata size (" + bytes + " bytes of "
                    + MAX_USER_METADATA_BYTES + " for " + key + ")";
            throw (S3Exception) S3Exception.builder()
                    .statusCode(400)
                    .message(message)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("MetadataTooLarge")
                            .errorMessage(message)
                            .serviceName("S3")
                            .build())
                    .build();
        }
    }
}
