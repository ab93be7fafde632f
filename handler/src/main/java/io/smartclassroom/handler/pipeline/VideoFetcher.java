package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3ObjectRef;
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

/** The fetch stage: copies a video from S3 to a temporary file, which the caller deletes by closing it. */
public final class VideoFetcher {
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,10}");

    private final S3Client s3;
    private final Path tempDir;

    public VideoFetcher(S3Client s3, Path tempDir) {
        this.s3 = requireNonNull(s3, "s3");
        this.tempDir = requireNonNull(tempDir, "tempDir");
    }

    /**
     * Downloads the object to a new file in the temporary folder.
     *
     * @throws VideoNotFoundException when the bucket or the key does not exist
     */
    public FetchedVideo fetch(S3ObjectRef video) {
        requireNonNull(video, "video");
        Path file;
        try {
            Files.createDirectories(tempDir);
            file = Files.createTempFile(tempDir, "video-", suffix(video.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file in " + tempDir + " for " + video, e);
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder()
                .bucket(video.bucket())
                .key(video.key())
                .build())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new FetchedVideo(file, Files.size(file));
        } catch (NoSuchKeyException e) {
            deleteQuietly(file);
            throw new VideoNotFoundException("input video " + video + " does not exist (NoSuchKey)", e);
        } catch (NoSuchBucketException e) {
            deleteQuietly(file);
            throw new VideoNotFoundException("input bucket " + video.bucket() + " of " + video + " does not exist (NoSuchBucket)", e);
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
