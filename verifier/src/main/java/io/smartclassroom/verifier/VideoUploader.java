package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;

/**
 * Uploads files to a bucket through the SDK's {@link S3TransferManager}, at most {@code concurrency} files at once.
 * The client under it (see {@link SdkS3TransferClientFactory}) sends a file larger than {@link #MULTIPART_THRESHOLD}
 * as a multipart upload of {@link #PART_SIZE} parts read from the file as they are sent (never the whole file in
 * memory), and aborts the upload when a part fails.
 */
public final class VideoUploader {
    private static final Logger log = LoggerFactory.getLogger(VideoUploader.class);

    /** Files larger than this are uploaded in parts. */
    public static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    /** The size of each part but the last of a multipart upload. */
    public static final long PART_SIZE = 8L * 1024 * 1024;

    /** The outcome for one file: the key, its size, its ETag, and the failure if any. */
    public record Upload(Path file, String key, long bytes, String eTag, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final S3TransferManager transfers;
    private final int concurrency;

    public VideoUploader(S3TransferManager transfers, int concurrency) {
        this.transfers = requireNonNull(transfers, "transfers");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** The multipart settings of the upload client: above 16 MiB, 8 MiB parts. */
    public static MultipartConfiguration multipartConfiguration() {
        return MultipartConfiguration.builder()
                .thresholdInBytes(MULTIPART_THRESHOLD)
                .minimumPartSizeInBytes(PART_SIZE)
                .build();
    }

    /**
     * Uploads each file as {@code prefix + file name} under each of {@code prefixes}; returns the outcomes
     * prefix by prefix, in the order of {@code files}.
     */
    public List<Upload> upload(String bucket, List<String> prefixes, List<Path> files, UploadProgress progress)
            throws InterruptedException {
        requireNonNull(bucket, "bucket");
        List.copyOf(requireNonNull(prefixes, "prefixes"));
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Upload>> uploads = new ArrayList<>();
        try {
            for (String prefix : prefixes) {
                for (Path file : files) {
                    slots.acquire();
                    CompletableFuture<Upload> upload = start(bucket, prefix + file.getFileName(), file, progress)
                            .whenComplete((done, error) -> {
                                slots.release();
                                progress.fileDone(done.bytes(), done.failed());
                            });
                    uploads.add(upload);
                }
            }
            List<Upload> outcomes = new ArrayList<>();
            for (CompletableFuture<Upload> upload : uploads) {
                outcomes.add(upload.join());
            }
            return outcomes;
        } catch (InterruptedException e) {
            uploads.forEach(upload -> upload.cancel(true));
            throw e;
        } finally {
            progress.finish();
        }
    }

    private CompletableFuture<Upload> start(String bucket, String key, Path file, UploadProgress progress) {
        long size = file.toFile().length();
        String contentType = VideoFiles.contentType(file).orElse("application/octet-stream");
        UploadFileRequest request = UploadFileRequest.builder()
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType))
                .source(file)
                .addTransferListener(progress.listener())
                .build();
        CompletableFuture<CompletedFileUpload> sent;
        try {
            sent = transfers.uploadFile(request).completionFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((completed, error) -> {
            if (error == null) {
                String eTag = completed.response().eTag();
                log.info("uploaded {} to s3://{}/{} ({} bytes, ETag {})", file, bucket, key, size, eTag);
                return new Upload(file, key, size, eTag, null);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            log.warn("upload of {} to s3://{}/{} failed: {}", file, bucket, key, cause.toString());
            return new Upload(file, key, size, null, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        });
    }
}
