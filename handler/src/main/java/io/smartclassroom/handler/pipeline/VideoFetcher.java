package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.handler.recognition.InputLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The fetch stage: copies a video from S3 to a temporary file, which the caller deletes by closing it. */
public final class VideoFetcher {
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,10}");

    private final S3Client s3;
    private final Path tempDir;
    private final InputLimits limits;

    /** With the default {@link InputLimits}. */
    public VideoFetcher(S3Client s3, Path tempDir) {
        this(s3, tempDir, InputLimits.DEFAULTS);
    }

    /**
     * Refuses ({@code over-limit}) an object whose GET announces more than {@link InputLimits#maxVideoBytes}, before
     * reading its body.
     */
    public VideoFetcher(S3Client s3, Path tempDir, InputLimits limits) {
        this.s3 = requireNonNull(s3, "s3");
        this.tempDir = requireNonNull(tempDir, "tempDir");
        this.limits = requireNonNull(limits, "limits");
    }

    /** Downloads the object as it is now (an event that names no version). */
    public FetchedVideo fetch(S3ObjectRef video) {
        return fetch(new S3Message.ObjectEvent("ObjectCreated:Put", requireNonNull(video, "video")));
    }

    /**
     * Downloads exactly the version the event names to a new file in the temporary folder: by its versionId when
     * the event has one, else on condition that the ETag still matches (If-Match).
     *
     * @throws VideoRejectedException ({@code not-found}) when the bucket or the key does not exist
     * @throws SupersededEventException when the object was overwritten since the event (412, NoSuchVersion)
     */
    public FetchedVideo fetch(S3Message.ObjectEvent event) {
        requireNonNull(event, "event");
        S3ObjectRef video = event.object();
        Path file;
        try {
            Files.createDirectories(tempDir);
            file = Files.createTempFile(tempDir, "video-", suffix(video.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file in " + tempDir + " for " + video, e);
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(video.bucket()).key(video.key());
        if (event.versionId().isPresent()) {
            request.versionId(event.versionId().get());
        } else {
            event.eTag().ifPresent(eTag -> request.ifMatch("\"" + eTag + "\""));
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            Long length = in.response().contentLength();
            String problem = length == null ? null : limits.sizeProblem(video + " (Content-Length of its GET)", length);
            if (problem != null) {
                in.abort();
                throw new VideoRejectedException(Reason.OVER_LIMIT, problem + "; not downloaded");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new FetchedVideo(file, Files.size(file));
        } catch (NoSuchKeyException e) {
            deleteQuietly(file);
            throw new VideoRejectedException(Reason.NOT_FOUND, "input video " + video + " does not exist (NoSuchKey)", e);
        } catch (NoSuchBucketException e) {
            deleteQuietly(file);
            throw new VideoRejectedException(Reason.NOT_FOUND,
                    "input bucket " + video.bucket() + " of " + video + " does not exist (NoSuchBucket)", e);
        } catch (S3Exception e) {
            deleteQuietly(file);
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 412 || "NoSuchVersion".equals(code)) {
                throw new SupersededEventException(video + " was overwritten since the event: the event's "
                        + event.versionId().map(id -> "version " + id).orElseGet(() -> "ETag " + event.eTag().orElse("?"))
                        + " is no longer current (" + (code == null ? "HTTP " + e.statusCode() : code) + ")", e);
            }
            throw e;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot download " + video + " to " + file, e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Keeps a short alphanumeric extension so the decoder sees the usual file name; anything else is dropped. */
    private static String suffix(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return ".video";
        }
        String extension = fileName.substring(dot + 1);
        return EXTENSION.matcher(extension).matches() ? "." + extension : ".video";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is not worth failing the video for
        }
    }

    /** A downloaded video; closing deletes the file. */
    public record FetchedVideo(Path path, long size) implements AutoCloseable {
        public FetchedVideo {
            requireNonNull(path, "path");
        }

        @Override
        public void close() {
            deleteQuietly(path);
        }
    }
}
