package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads files to a bucket with a fixed number of concurrent requests. A file larger than
 * {@link #MULTIPART_THRESHOLD} goes up as a multipart upload of {@link #PART_SIZE} parts read from the file.
 */
public final class VideoUploader {
    private static final Logger log = LoggerFactory.getLogger(VideoUploader.class);

    /** Files larger than this are uploaded in parts. */
    public static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    /** The size of each part but the last of a multipart upload. */
    public static final long PART_SIZE = 8L * 1024 * 1024;

    /** The outcome for one file: the key, its size, and the failure if any. */
    public record Upload(Path file, String key, long bytes, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final S3Client s3;
    private final int concurrency;

    public VideoUploader(S3Client s3, int concurrency) {
        this.s3 = requireNonNull(s3, "s3");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * Uploads each file as {@code prefix + file name} under each of {@code prefixes}; returns the outcomes
     * prefix by prefix, in the order of {@code files}.
     */
    public List<Upload> upload(String bucket, List<String> prefixes, List<Path> files, UploadProgress progress)
            throws InterruptedException {
        requireNonNull(bucket, "bucket");
        List.copyOf(requireNonNull(prefixes, "prefixes"));
        AtomicInteger counter = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, files.size() * prefixes.size())), runnable -> {
            Thread thread = new Thread(runnable, "upload-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Upload>> futures = new ArrayList<>();
            for (String prefix : prefixes) {
                for (Path file : files) {
                    futures.add(executor.submit(() -> {
                        Upload upload = uploadOne(bucket, prefix + file.getFileName(), file);
                        progress.fileDone(upload.bytes(), upload.failed());
                        return upload;
                    }));
                }
            }
            List<Upload> uploads = new ArrayList<>();
            for (Future<Upload> future : futures) {
                try {
                    uploads.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("an upload task failed unexpectedly", e.getCause());
                }
            }
            return uploads;
        } finally {
            executor.shutdownNow();
            progress.finish();
        }
    }

    private Upload uploadOne(String bucket, String key, Path file) {
        long size = file.toFile().length();
        String contentType = VideoFiles.contentType(file).orElse("application/octet-stream");
        try {
            String eTag;
            if (size > MULTIPART_THRESHOLD) {
                eTag = new MultipartFileUpload(s3, PART_SIZE).upload(bucket, key, contentType, file, size);
            } else {
                eTag = s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromFile(file)).eTag();
            }
            log.info("uploaded {} to s3://{}/{} ({} bytes, ETag {})", file, bucket, key, size, eTag);
            return new Upload(file, key, size, null);
        } catch (SdkException | UncheckedIOException e) {
            log.warn("upload of {} to s3://{}/{} failed: {}", file, bucket, key, e.toString());
            return new Upload(file, key, size, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
