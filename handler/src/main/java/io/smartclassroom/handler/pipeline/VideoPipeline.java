package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import io.smartclassroom.common.ResultMetadata;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionResult;
import io.smartclassroom.handler.video.FfmpegErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video through the function: fetch (S3 → temporary file) → recognise (frames, faces, match;
 * a borrowed {@link io.smartclassroom.handler.recognition.VideoRecognizer}) → lookup (DynamoDB) →
 * write (CSV to the output bucket). Every decodable video yields exactly one CSV; a video that cannot
 * be fetched or decoded yields none and an exception that says why. Thread-safe.
 */
public final class VideoPipeline {
    private static final Logger log = LoggerFactory.getLogger(VideoPipeline.class);

    private final VideoFetcher fetcher;
    private final RecognizerPool recognizers;
    private final StudentDirectory students;
    private final AttendanceWriter writer;
    private final VideoMetrics metrics;

    /** With the metrics {@link VideoMetrics#fromEnvironment} finds in the process environment. */
    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer) {
        this(fetcher, recognizers, students, writer, VideoMetrics.fromEnvironment(System.getenv()));
    }

    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer,
            VideoMetrics metrics) {
        this.fetcher = requireNonNull(fetcher, "fetcher");
        this.recognizers = requireNonNull(recognizers, "recognizers");
        this.students = requireNonNull(students, "students");
        this.writer = requireNonNull(writer, "writer");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    /** Where each written video's metrics go (the handler adds those of the videos that fail). */
    public VideoMetrics metrics() {
        return metrics;
    }

    /** Processes the video as it is now (an event that names no version) and writes its CSV unconditionally. */
    public VideoOutcome process(S3ObjectRef video) {
        return process(new S3Message.ObjectEvent("ObjectCreated:Put", requireNonNull(video, "video")));
    }

    /**
     * Processes the version of the video the event names and writes its CSV at {@link ResultKeys#csvKey}, unless
     * the result of a newer event is there already.
     *
     * @throws VideoRejectedException when the object does not exist ({@code not-found}) or is not a decodable
     *     video ({@code undecodable}); no CSV is written
     * @throws SupersededEventException when the object was overwritten since the event, or a newer result is
     *     written; no CSV is written
     */
    public VideoOutcome process(S3Message.ObjectEvent event) {
        requireNonNull(event, "event");
        S3ObjectRef video = event.object();
        long start = System.nanoTime();
        String outputKey = ResultKeys.csvKey(video.key());

        RecognitionResult recognition;
        long fetchMillis;
        long recogniseMillis;
        long size;
        try (VideoFetcher.FetchedVideo file = fetcher.fetch(event)) {
            size = file.size();
            fetchMillis = millisSince(start);
            long recogniseStart = System.nanoTime();
            recognition = recognise(video, file);
            recogniseMillis = millisSince(recogniseStart);
        }

        long lookupStart = System.nanoTime();
        List<StudentRecord> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : new LinkedHashSet<>(recognition.students())) {
            Optional<StudentRecord> record = students.findByName(name);
            if (record.isPresent()) {
                rows.add(record.get());
            } else {
                missing.add(name);
                rows.add(StudentRecord.withoutRecord(name));
            }
        }
        long lookupMillis = millisSince(lookupStart);
        if (!missing.isEmpty()) {
            log.warn("recognised {} in {} but the students table has no record of them; their rows have empty major and year",
                    missing, video);
        }

        String outcome = rows.isEmpty() ? VideoOutcome.NO_STUDENTS : VideoOutcome.STUDENTS_FOUND;
        String reason = reason(recognition, rows.isEmpty(), missing);
        long writeStart = System.nanoTime();
        boolean written = writer.write(outputKey, rows, metadata(event, outcome, reason, recognition, missing), event.sequencer());
        long writeMillis = millisSince(writeStart);
        if (!written) {
            throw new SupersededEventException("s3://" + writer.outputBucket() + "/" + outputKey
                    + " already holds the result of a newer upload of " + video + " than the event's (sequencer "
                    + event.sequencer().map(Object::toString).orElse("?") + ")");
        }

        VideoOutcome result = new VideoOutcome(video.bucket(), video.key(), writer.outputBucket(), outputKey, outcome,
                rows.stream().map(StudentRecord::name).toList(), missing, recognition.framesExamined(),
                recognition.facesDetected(), recognition.unknownFaces(), reason, millisSince(start));
        log.info("{} -> s3://{}/{}: {} {}{} (frames {}, faces {}, unknown {}; {} bytes; fetch {} ms, recognise {} ms, lookup {} ms, write {} ms)",
                video, writer.outputBucket(), outputKey, outcome, result.students(),
                reason.isEmpty() ? "" : ", " + reason, recognition.framesExamined(), recognition.facesDetected(),
                recognition.unknownFaces(), size, fetchMillis, recogniseMillis, lookupMillis, writeMillis);
        metrics.written(result, new VideoMetrics.Stages(fetchMillis, recogniseMillis, lookupMillis, writeMillis,
                result.elapsedMillis()));
        return result;
    }

    private RecognitionResult recognise(S3ObjectRef video, VideoFetcher.FetchedVideo file) {
        try (RecognizerPool.Lease lease = recognizers.borrow()) {
            return lease.recognizer().recognize(file.path());
        } catch (InvalidVideoException e) {
            throw new VideoRejectedException(Reason.UNDECODABLE, undecodable(video, file, e), e);
        }
    }

    /**
     * The sentence for a video the decoder refused, naming it by its S3 location (the decoder speaks of the
     * temporary file): FFmpeg's error code as a sentence when it is a known one, else the decoder's own words.
     */
    static String undecodable(S3ObjectRef video, VideoFetcher.FetchedVideo file, InvalidVideoException e) {
        String message = String.valueOf(e.getMessage());
        Optional<String> sentence = FfmpegErrors.sentenceIn(message);
        if (sentence.isPresent()) {
            return video + " " + sentence.get() + " (" + file.size() + " bytes)";
        }
        String detail = message.replace(file.path().toString(), video.toString());
        return detail.contains(video.toString())
                ? detail
                : video + " is not a decodable video (" + file.size() + " bytes): " + detail;
    }

    private static String reason(RecognitionResult recognition, boolean empty, List<String> missing) {
        List<String> parts = new ArrayList<>(2);
        if (!recognition.reason().isBlank()) {
            parts.add(recognition.reason().strip());
        } else if (empty) {
            parts.add(recognition.facesDetected() == 0
                    ? "no face found in " + recognition.framesExamined() + " frames"
                    : recognition.facesDetected() + " faces found in " + recognition.framesExamined()
                            + " frames, none matched an enrolled student");
        }
        if (!missing.isEmpty()) {
            parts.add("no student record for " + String.join(", ", missing));
        }
        return String.join("; ", parts);
    }

    private static Map<String, String> metadata(S3Message.ObjectEvent event, String outcome, String reason,
            RecognitionResult recognition, List<String> missing) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.OUTCOME, outcome);
        metadata.put(ResultMetadata.SOURCE, event.object().toString());
        event.eTag().ifPresent(eTag -> metadata.put(ResultMetadata.SOURCE_ETAG, eTag));
        event.versionId().ifPresent(id -> metadata.put(ResultMetadata.SOURCE_VERSION_ID, id));
        event.sequencer().ifPresent(sequencer -> metadata.put(ResultMetadata.SOURCE_SEQUENCER, sequencer.hex()));
        metadata.put(ResultMetadata.FRAMES_EXAMINED, Integer.toString(recognition.framesExamined()));
        metadata.put(ResultMetadata.FACES_DETECTED, Integer.toString(recognition.facesDetected()));
        metadata.put(ResultMetadata.UNKNOWN_FACES, Integer.toString(recognition.unknownFaces()));
        if (!reason.isEmpty()) {
            metadata.put(ResultMetadata.REASON, reason);
        }
        if (!missing.isEmpty()) {
            metadata.put(ResultMetadata.MISSING_RECORDS, String.join(", ", missing));
        }
        return metadata;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
