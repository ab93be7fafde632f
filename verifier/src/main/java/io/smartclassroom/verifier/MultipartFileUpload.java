package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads one large file as an S3 multipart upload, part by part straight from the file (each part is a range
 * of it, read as it is sent; nothing is held in memory). A failed upload is aborted so that no parts are left
 * behind.
 */
final class MultipartFileUpload {
    private static final Logger log = LoggerFactory.getLogger(MultipartFileUpload.class);

    private final S3Client s3;
    private final long partSize;

    MultipartFileUpload(S3Client s3, long partSize) {
        this.s3 = requireNonNull(s3, "s3");
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("an S3 part is at least 5 MiB, got " + partSize + " bytes");
        }
        this.partSize = partSize;
    }

    /** Uploads {@code size} bytes of {@code file}; returns the ETag of the object. */
    String upload(String bucket, String key, String contentType, Path file, long size) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long offset = 0; offset < size; offset += partSize, partNumber++) {
                long start = offset;
                long length = Math.min(partSize, size - offset);
                int number = partNumber;
                String eTag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(number).contentLength(length),
                        RequestBody.fromContentProvider(() -> range(file, start, length), length, "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            return s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts))).eTag();
        } catch (SdkException | UncheckedIOException e) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                log.warn("could not abort the multipart upload {} of s3://{}/{}: {}", uploadId, bucket, key, abort.toString());
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** A fresh stream of {@code length} bytes of {@code file} from {@code offset} (the SDK asks again on a retry). */
    private static InputStream range(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new Limited(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " from byte " + offset, e);
        }
    }

    /** Ends after {@code limit} bytes. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
