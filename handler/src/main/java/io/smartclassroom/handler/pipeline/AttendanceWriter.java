package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultMetadata;
import io.smartclassroom.common.S3Sequencer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The write stage: puts the CSV into the output bucket, with what the recognition found in the object's user
 * metadata ({@link ResultMetadata}, cut to S3's 2 KB). When the event has a sequencer, the write is conditional,
 * so the result of an older event never replaces the result of a newer upload of the same key: the existing CSV
 * is read (HeadObject); if its {@code source-sequencer} is newer, nothing is written; else the CSV is put on
 * condition that the existing one is still the one read (If-Match its ETag, or If-None-Match: * when there is
 * none), and a lost race (412, 409) reads again, up to {@value #MAX_ATTEMPTS} times. The attendance record
 * (JSON) and the evidence images are written the same way ({@link #put}), each carrying its source's sequencer,
 * so every result file of a key ends up the newest upload's.
 */
public final class AttendanceWriter {
    private static final Logger log = LoggerFactory.getLogger(AttendanceWriter.class);
    static final int MAX_ATTEMPTS = 5;

    private final S3Client s3;
    private final String outputBucket;

    public AttendanceWriter(S3Client s3, String outputBucket) {
        this.s3 = requireNonNull(s3, "s3");
        this.outputBucket = requireNonNull(outputBucket, "outputBucket");
    }

    public String outputBucket() {
        return outputBucket;
    }

    /** Writes (or overwrites) {@code key} in the output bucket, unconditionally. */
    public void write(String key, List<StudentRecord> rows, Map<String, String> metadata) {
        put(key, AttendanceCsv.render(rows), AttendanceCsv.CONTENT_TYPE, ResultMetadata.fit(metadata), Precondition.NONE);
    }

    /**
     * Whether {@code key} holds the result of a newer event than {@code sequencer} (false when it holds none, when
     * it was written without a sequencer, or when the event has none): the check before writing anything for an
     * event, so a superseded event leaves every result file alone.
     */
    public boolean holdsNewer(String key, Optional<S3Sequencer> sequencer) {
        requireNonNull(key, "key");
        requireNonNull(sequencer, "sequencer");
        if (sequencer.isEmpty()) {
            return false;
        }
        return head(key).map(existing -> newer(existing, sequencer.get())).orElse(false);
    }

    /**
     * Writes {@code key} unless the result there was made for a newer event than {@code sequencer}.
     *
     * @return false when a newer result is there (nothing written)
     * @throws ConcurrentResultWriteException when {@value #MAX_ATTEMPTS} conditional writes in a row lost a race
     */
    public boolean write(String key, List<StudentRecord> rows, Map<String, String> metadata, Optional<S3Sequencer> sequencer) {
        return put(key, AttendanceCsv.render(rows), AttendanceCsv.CONTENT_TYPE, metadata, sequencer);
    }

    /**
     * Writes {@code body} at {@code key} with its content type and user metadata ({@link ResultMetadata}: cut to
     * S3's 2 KB; it should carry the event's {@code source-sequencer}), unless the object there was made for a
     * newer event than {@code sequencer}; unconditionally when the event has none.
     *
     * @return false when a newer result is there (nothing written)
     * @throws ConcurrentResultWriteException when {@value #MAX_ATTEMPTS} conditional writes in a row lost a race
     */
    public boolean put(String key, byte[] body, String contentType, Map<String, String> metadata,
            Optional<S3Sequencer> sequencer) {
        requireNonNull(key, "key");
        requireNonNull(body, "body");
        requireNonNull(contentType, "contentType");
        requireNonNull(sequencer, "sequencer");
        Map<String, String> headers = ResultMetadata.fit(metadata);
        if (sequencer.isEmpty()) {
            put(key, body, contentType, headers, Precondition.NONE);
            return true;
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<HeadObjectResponse> existing = head(key);
            if (existing.isPresent() && newer(existing.get(), sequencer.get())) {
                log.info("superseded: s3://{}/{} holds the result of a newer event (sequencer {} > {}); not overwritten",
                        outputBucket, key, existing.get().metadata().get(ResultMetadata.SOURCE_SEQUENCER), sequencer.get());
                return false;
            }
            Precondition condition = existing.map(head -> new Precondition(head.eTag(), null))
                    .orElse(new Precondition(null, "*"));
            try {
                put(key, body, contentType, headers, condition);
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw e;
                }
                log.info("conditional write of s3://{}/{} lost a race (HTTP {}, attempt {} of {}); reading again",
                        outputBucket, key, e.statusCode(), attempt, MAX_ATTEMPTS);
            }
        }
        throw new ConcurrentResultWriteException("s3://" + outputBucket + "/" + key + " changed under each of "
                + MAX_ATTEMPTS + " conditional writes; giving up so the event is retried");
    }

    private static boolean newer(HeadObjectResponse existing, S3Sequencer sequencer) {
        S3Sequencer written = S3Sequencer.parseOrNull(existing.metadata().get(ResultMetadata.SOURCE_SEQUENCER));
        return written != null && written.isAfter(sequencer);
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(outputBucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void put(String key, byte[] body, String contentType, Map<String, String> headers, Precondition condition) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(outputBucket)
                .key(requireNonNull(key, "key"))
                .contentType(contentType)
                .contentLength((long) body.length)
                .metadata(headers);
        if (condition.ifMatch() != null) {
            request.ifMatch(condition.ifMatch());
        }
        if (condition.ifNoneMatch() != null) {
            request.ifNoneMatch(condition.ifNoneMatch());
        }
        s3.putObject(request.build(), RequestBody.fromBytes(body));
    }

    private record Precondition(String ifMatch, String ifNoneMatch) {
        static final Precondition NONE = new Precondition(null, null);
    }

    /** Every conditional write lost a race with another writer of the same result: passing, so retried. */
    public static final class ConcurrentResultWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConcurrentResultWriteException(String message) {
            super(message);
        }
    }
}
