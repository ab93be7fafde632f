package io.smartclassroom.localcloud;

import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A blob store that honours {@code If-Match} and {@code If-None-Match} on PutObject atomically, as S3 does
 * since 2024: the check of the existing object's ETag and the write happen under one lock per key, so of
 * several writers that read the same ETag exactly one wins and the others get 412 PreconditionFailed. S3Proxy
 * passes the headers in the {@link PutObjectRequest}, but its stores do not check them under a lock.
 */
final class ConditionalPutBlobStore extends ForwardingBlobStore {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ConditionalPutBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        if (request.ifMatch() == null && request.ifNoneMatch() == null) {
            return super.putBlob(request, content);
        }
        ReentrantLock lock = locks.computeIfAbsent(request.bucket() + "/" + request.key(), key -> new ReentrantLock());
        lock.lock();
        try {
            HeadObjectResponse existing = delegate().blobMetadataIfPresent(request.bucket(), request.key());
            String eTag = existing == null ? null : unquoted(existing.eTag());
            if (request.ifNoneMatch() != null && existing != null
                    && ("*".equals(request.ifNoneMatch().strip()) || unquoted(request.ifNoneMatch()).equals(eTag))) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED,
                        "If-None-Match " + request.ifNoneMatch() + ": " + request.key() + " exists");
            }
            if (request.ifMatch() != null && (existing == null
                    || !("*".equals(request.ifMatch().strip()) || unquoted(request.ifMatch()).equals(eTag)))) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED,
                        "If-Match " + request.ifMatch() + ": " + request.key() + " has ETag " + eTag);
            }
            return super.putBlob(request.toBuilder().ifMatch(null).ifNoneMatch(null).build(), content);
        } finally {
            lock.unlock();
        }
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.strip().replace("\"", "");
    }
}
