package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionResult;
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

    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer) {
        this.fetcher = requireNonNull(fetcher, "fetcher");
        this.recognizers = requireNonNull(recognizers, "recognizers");
        this.students = requireNonNull(students, "students");
        this.writer = requireNonNull(writer, "writer");
    }

    /**
     * Processes one video and writes its CSV.
     *
     * @throws VideoNotFoundException when the object does not exist
     * @throws UndecodableVideoException when the object is not a decodable video (no CSV is written)
     */
    public VideoOutcome process(S3ObjectRef video) {
        requireNonNull(video, "video");
        long start = System.nanoTime();
        String outputKey = AttendanceCsv.outputKeyFor(video.key());

        RecognitionResult recognition;
        long fetchMillis;
        long recogniseMillis;
        long size;
        try (VideoFetcher.FetchedVideo file = fetcher.fetch(video)) {
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
        writer.write(outputKey, rows, metadata(video, outcome, reason, recognition, missing));
        long writeMillis = millisSince(writeStart);

        VideoOutcome result = new VideoOutcome(video.bucket(), video.key(), writer.outputBucket(), outputKey, outcome,
                rows.stream().map(StudentRecord::name).toList(), missing, recognition.framesExamined(),
                recognition.facesDetected(), recognition.unknownFaces(), reason, millisSince(start));
        log.info("{} -> s3://{}/{}: {} {}{} (frames {}, faces {}, unknown {}; {} bytes; fetch {} ms, recognise {} ms, lookup {} ms, write {} ms)",
                video, writer.outputBucket(), outputKey, outcome, result.students(),
                reason.isEmpty() ? "" : ", " + reason, recognition.framesExamined(), recognition.facesDetected(),
                recognition.unknownFaces(), size, fetchMillis, recogniseMillis, lookupMillis, writeMillis);
        return result;
    }

    private RecognitionResult recognise(S3ObjectRef video, VideoFetcher.FetchedVideo file) {
        try (RecognizerPool.Lease lease = recognizers.borrow()) {
            return lease.recognizer().recognize(file.path());
        } catch (InvalidVideoException e) {
            // The decoder speaks of the temporary file; the caller knows the video by its S3 location.
            String detail = String.valueOf(e.getMessage()).replace(file.path().toString(), video.toString());
            throw new UndecodableVideoException(detail.contains(video.toString())
                    ? detail
                    : video + " is not a decodable video (" + file.size() + " bytes): " + detail, e);
        }
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

    private static Map<String, String> metadata(
            S3ObjectRef video, String outcome, String reason, RecognitionResult recognition, List<String> missing) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("outcome", outcome);
        if (!reason.isEmpty()) {
            metadata.put("reason", reason);
        }
        metadata.put("frames-examined", Integer.toString(recognition.framesExamined()));
        metadata.put("faces-detected", Integer.toString(recognition.facesDetected()));
        metadata.put("unknown-faces", Integer.toString(recognition.unknownFaces()));
        if (!missing.isEmpty()) {
            metadata.put("missing-records", String.join(", ", missing));
        }
        metadata.put("source", video.toString());
        return metadata;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
