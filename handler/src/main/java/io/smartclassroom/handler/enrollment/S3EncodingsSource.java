package io.smartclassroom.handler.enrollment;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The encodings object in S3, re-read with a conditional GET ({@code If-None-Match} with the ETag the
 * function has): S3 answers 304 Not Modified, without the body, while the object is unchanged.
 */
public final class S3EncodingsSource implements EncodingsSource {
    private static final int NOT_MODIFIED = 304;

    private final S3Client s3;
    private final String bucket;
    private final String key;

    public S3EncodingsSource(S3Client s3, String bucket, String key) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.key = requireNonNull(key, "key");
    }

    @Override
    public Optional<Content> fetchIfChanged(String version) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (version != null) {
            request.ifNoneMatch(version);
        }
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(request.build());
            String etag = object.response().eTag();
            if (etag == null || etag.isBlank()) {
                throw new IllegalStateException(location() + " came back without an ETag");
            }
            return Optional.of(new Content(object.asByteArray(), etag));
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_MODIFIED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + key;
    }
}
