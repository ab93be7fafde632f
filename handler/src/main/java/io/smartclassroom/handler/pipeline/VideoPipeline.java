package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import io.smartclassroom.common.ResultMetadata;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.SegmentPlan;
import io.smartclassroom.common.fanout.VideoSegment;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.TimeBudget;
import io.smartclassroom.handler.recognition.VideoOverLimitException;
import io.smartclassroom.handler.video.PartialAnalyses;
import io.smartclassroom.handler.video.TimeRange;
import io.smartclassroom.handler.video.VideoProbe;
import io.smartclassroom.handler.video.FaceCrop;
import io.smartclassroom.handler.video.FfmpegErrors;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One video through the function: fetch (S3 → temporary file) → recognise (frames, faces, match;
 * a borrowed {@link io.smartclassroom.handler.recognition.VideoRecognizer}) → {@link #finish}: lookup
 * (DynamoDB) → write (evidence images, the attendance record, then the CSV, to the output bucket). Every
 * decodable video yields exactly one CSV and one record; a video that cannot be fetched or decoded yields none
 * and an exception that says why. A long video can instead be fanned out: {@link #plan} → {@link #analyzeSegment}
 * per segment (in parallel invocations) → {@link #merge}, which finishes exactly as the whole-video path does.
 * Thread-safe.
 */
public final class VideoPipeline {
    private static final Logger log = LoggerFactory.getLogger(VideoPipeline.class);
    private static final String JPEG = "image/jpeg";
    private static final String STUDENT = "student";

    private final VideoFetcher fetcher;
    private final RecognizerPool recognizers;
    private final StudentDirectory students;
    private final AttendanceWriter writer;
    private final RecordModel model;
    private final FanOutSettings fanOut;
    private final VideoMetrics metrics;

    /** With the default fan-out settings and the metrics {@link VideoMetrics#fromEnvironment} finds in the process environment. */
    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer,
            RecordModel model) {
        this(fetcher, recognizers, students, writer, model, FanOutSettings.DEFAULTS);
    }

    /** With the metrics {@link VideoMetrics#fromEnvironment} finds in the process environment. */
    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer,
            RecordModel model, FanOutSettings fanOut) {
        this(fetcher, recognizers, students, writer, model, fanOut, VideoMetrics.fromEnvironment(System.getenv()));
    }

    /** With the default fan-out settings. */
    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer,
            RecordModel model, VideoMetrics metrics) {
        this(fetcher, recognizers, students, writer, model, FanOutSettings.DEFAULTS, metrics);
    }

    public VideoPipeline(VideoFetcher fetcher, RecognizerPool recognizers, StudentDirectory students, AttendanceWriter writer,
            RecordModel model, FanOutSettings fanOut, VideoMetrics metrics) {
        this.fanOut = requireNonNull(fanOut, "fanOut");
        this.metrics = requireNonNull(metrics, "metrics");
        this.fetcher = requireNonNull(fetcher, "fetcher");
        this.recognizers = requireNonNull(recognizers, "recognizers");
        this.students = requireNonNull(students, "students");
        this.writer = requireNonNull(writer, "writer");
        this.model = requireNonNull(model, "model");
    }

    /** Where each written video's metrics go (the handler adds those of the videos that fail). */
    public VideoMetrics metrics() {
        return metrics;
    }

    /** Processes the video as it is now (an event that names no version) and writes its results unconditionally. */
    public VideoOutcome process(S3ObjectRef video) {
        return process(new S3Message.ObjectEvent("ObjectCreated:Put", requireNonNull(video, "video")));
    }

    /** {@link #process(S3Message.ObjectEvent, TimeBudget)} without a deadline. */
    public VideoOutcome process(S3Message.ObjectEvent event) {
        return process(event, TimeBudget.UNLIMITED);
    }

    /**
     * Processes the version of the video the event names, the whole video in this invocation, and writes its
     * results ({@link #finish}), unless the results of a newer event are there already.
     *
     * @throws VideoRejectedException when the object does not exist ({@code not-found}), is not a decodable
     *     video ({@code undecodable}), is over a limit ({@code over-limit}) or the budget ran out first
     *     ({@code timeout}); nothing is written
     * @throws SupersededEventException when the object was overwritten since the event, or a newer result is
     *     written; nothing further is written
     */
    public VideoOutcome process(S3Message.ObjectEvent event, TimeBudget budget) {
        requireNonNull(event, "event");
        requireNonNull(budget, "budget");
        S3ObjectRef video = event.object();
        long start = System.nanoTime();

        VideoAnalysis analysis;
        StageTimings timings;
        try (VideoFetcher.FetchedVideo file = fetcher.fetch(event)) {
            long fetchMillis = millisSince(start);
            log.debug("{}: fetched {} bytes in {} ms", video, file.size(), fetchMillis);
            long recogniseStart = System.nanoTime();
            analysis = analyze(video, file, TimeRange.WHOLE, budget, "the whole video");
            timings = StageTimings.NONE.with("fetch", fetchMillis).with("recognise", millisSince(recogniseStart))
                    .withAnalysis(analysis.stats());
        }
        return finish(event, analysis, 1, timings, start);
    }

    /**
     * The plan of the video: its duration from the container's header (no frame decoded) cut into segments of
     * at most {@link FanOutSettings#segmentSeconds()}; one segment when it is no longer (or its duration unknown).
     * Costs one download of the object (FFmpeg reads only local files).
     *
     * @throws VideoRejectedException ({@code not-found}, {@code undecodable}) as {@link #process}
     * @throws SupersededEventException as {@link #process}
     */
    public SegmentPlan plan(S3Message.ObjectEvent event) {
        requireNonNull(event, "event");
        S3ObjectRef video = event.object();
        long start = System.nanoTime();
        try (VideoFetcher.FetchedVideo file = fetcher.fetch(event)) {
            long durationMicros;
            try {
                durationMicros = VideoProbe.durationMicros(file.path());
            } catch (InvalidVideoException e) {
                throw new VideoRejectedException(Reason.UNDECODABLE, undecodable(video, file, e), e);
            }
            SegmentPlan plan = SegmentPlan.of(durationMicros / 1e6, fanOut.segmentSeconds());
            log.info("{}: plan {} segment(s) of at most {} s for {} s of video ({} bytes, {} ms)", video,
                    plan.segments().size(), fanOut.segmentSeconds(), durationMicros / 1e6, file.size(), millisSince(start));
            return plan;
        }
    }

    /**
     * Analyses one segment's time range of the video; writes nothing. The answer is small: sightings and counts.
     * Costs one download of the whole object (see {@link #plan}).
     *
     * @throws VideoRejectedException ({@code not-found}, {@code undecodable}, {@code timeout}) as {@link #process}
     * @throws SupersededEventException when the object was overwritten since the event
     */
    public PartialAnalysis analyzeSegment(S3Message.ObjectEvent event, VideoSegment segment, TimeBudget budget) {
        requireNonNull(event, "event");
        requireNonNull(segment, "segment");
        requireNonNull(budget, "budget");
        S3ObjectRef video = event.object();
        long start = System.nanoTime();
        TimeRange range = segment.isLast()
                ? new TimeRange(Math.round(segment.startSeconds() * 1e6), Long.MAX_VALUE)
                : TimeRange.ofSeconds(segment.startSeconds(), segment.endSeconds());
        try (VideoFetcher.FetchedVideo file = fetcher.fetch(event)) {
            long fetchMillis = millisSince(start);
            VideoAnalysis analysis = analyze(video, file, range, budget, segment.describe());
            PartialAnalysis partial = PartialAnalyses.of(segment, analysis);
            log.info("{} {}: students {} (unknown people {}; {} bytes; fetch {} ms; {})", video, segment.describe(),
                    analysis.studentNames(), analysis.unknownPeople(), file.size(), fetchMillis,
                    analysis.stats().describe());
            return partial;
        }
    }

    /**
     * The merge step of a fanned-out video: combines its segments' partials ({@link PartialAnalyses#merge}) and
     * finishes as {@link #process} does (lookup, write).
     *
     * @throws VideoRejectedException ({@code invalid-event}) when the partials are not those of one plan
     * @throws SupersededEventException as {@link #process}
     */
    public VideoOutcome merge(S3Message.ObjectEvent event, List<PartialAnalysis> partials) {
        requireNonNull(event, "event");
        requireNonNull(partials, "partials");
        long start = System.nanoTime();
        VideoAnalysis analysis;
        try {
            analysis = PartialAnalyses.merge(partials);
        } catch (IllegalArgumentException e) {
            throw new VideoRejectedException(Reason.INVALID_EVENT, "cannot merge the segments of " + event.object()
                    + ": " + e.getMessage(), e);
        }
        log.info("{}: merged {} segments: students {} ({})", event.object(), partials.size(), analysis.studentNames(),
                analysis.stats().describe());
        StageTimings timings = StageTimings.NONE.with("recognise", analysis.elapsedMillis()).withAnalysis(analysis.stats());
        return finish(event, analysis, partials.size(), timings, start);
    }

    /** {@link #finish(S3Message.ObjectEvent, VideoAnalysis, int, StageTimings, long)} of one invocation's analysis, timed from now. */
    public VideoOutcome finish(S3Message.ObjectEvent event, VideoAnalysis analysis, StageTimings timings) {
        return finish(event, analysis, 1, timings, System.nanoTime());
    }

    /**
     * Everything after recognition, for one event and the analysis of its video (made by this invocation, or merged
     * from {@code segments} invocations' with {@link VideoAnalysis#merge}): looks the students up, then writes, in
     * this order, each recognised student's evidence image ({@link ResultKeys#evidenceKey}; with unknown-face crops,
     * {@code unknown-1}, {@code unknown-2}, ...), the attendance record ({@link ResultKeys#recordKey}), and last the
     * CSV ({@link ResultKeys#csvKey}), the commit point: a reader who sees the CSV finds the record. Each write is
     * conditional on the event's sequencer; when a newer event's result is found, nothing further is written.
     * {@code timings} are the stages so far (e.g. fetch, recognise); {@code startedNanos} the
     * {@link System#nanoTime()} the video's processing started at, for the record's {@code total}.
     *
     * @throws SupersededEventException when a newer result is written
     */
    public VideoOutcome finish(S3Message.ObjectEvent event, VideoAnalysis analysis, int segments, StageTimings timings,
            long startedNanos) {
        requireNonNull(event, "event");
        requireNonNull(analysis, "analysis");
        requireNonNull(timings, "timings");
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1: " + segments);
        }
        S3ObjectRef video = event.object();
        String outputKey = ResultKeys.csvKey(video.key());
        String recordKey = ResultKeys.recordKey(video.key());

        long lookupStart = System.nanoTime();
        List<StudentRecord> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : new LinkedHashSet<>(analysis.studentNames())) {
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
        String reason = reason(analysis, rows.isEmpty(), missing);
        Map<String, String> metadata = metadata(event, outcome, reason, analysis, missing);
        if (writer.holdsNewer(outputKey, event.sequencer())) {
            throw superseded(event, outputKey);
        }

        long evidenceStart = System.nanoTime();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (StudentSighting sighting : analysis.students()) {
            if (evidence.containsKey(sighting.name()) || sighting.evidence().isEmpty()) {
                continue;
            }
            writeEvidence(event, sighting.name(), sighting.evidence().get()).ifPresent(uri -> evidence.put(sighting.name(), uri));
        }
        List<String> unknownEvidence = new ArrayList<>();
        for (int i = 0; i < analysis.unknownEvidence().size(); i++) {
            writeEvidence(event, "unknown-" + (i + 1), analysis.unknownEvidence().get(i)).ifPresent(unknownEvidence::add);
        }
        long evidenceMillis = millisSince(evidenceStart);

        StageTimings recorded = timings.with("lookup", lookupMillis).with("evidence", evidenceMillis)
                .with("total", millisSince(startedNanos));
        AttendanceRecord record = AttendanceRecords.of(event, analysis, rows, outcome, reason, evidence, unknownEvidence,
                segments, model, recorded);
        long writeStart = System.nanoTime();
        if (!writer.put(recordKey, record.toJson(), AttendanceRecord.CONTENT_TYPE, sourceMetadata(event), event.sequencer())) {
            throw superseded(event, recordKey);
        }
        boolean written = writer.write(outputKey, rows, metadata, event.sequencer());
        long writeMillis = millisSince(writeStart);
        if (!written) {
            throw superseded(event, outputKey);
        }

        VideoOutcome result = new VideoOutcome(video.bucket(), video.key(), writer.outputBucket(), outputKey, outcome,
                rows.stream().map(StudentRecord::name).toList(), missing, analysis.framesExamined(),
                analysis.facesDetected(), analysis.unknownFaces(), reason, millisSince(startedNanos));
        log.info("{} -> s3://{}/{} and {}: {} {}{} (frames {}, faces {}, unknown {}, unknown people {}, evidence {} of {}; {}"
                        + " lookup {} ms, evidence {} ms, write {} ms)",
                video, writer.outputBucket(), outputKey, recordKey, outcome, result.students(),
                reason.isEmpty() ? "" : ", " + reason, analysis.framesExamined(), analysis.facesDetected(),
                analysis.unknownFaces(), analysis.unknownPeople(), evidence.size() + unknownEvidence.size(),
                rows.size() + analysis.unknownEvidence().size(), describe(timings), lookupMillis, evidenceMillis, writeMillis);
        metrics.written(result, new VideoMetrics.Stages(timings.millis().getOrDefault("fetch", 0L),
                timings.millis().getOrDefault("recognise", 0L), lookupMillis, evidenceMillis + writeMillis,
                result.elapsedMillis()));
        return result;
    }

    /** Writes one evidence image; its S3 URI, or empty (logged) when it could not be written. */
    private Optional<String> writeEvidence(S3Message.ObjectEvent event, String name, FaceCrop crop) {
        S3ObjectRef video = event.object();
        String key;
        try {
            key = ResultKeys.evidenceKey(video.key(), name);
        } catch (IllegalArgumentException e) {
            log.warn("{}: no evidence image for {}: {}", video, name, e.getMessage());
            return Optional.empty();
        }
        Map<String, String> metadata = sourceMetadata(event);
        metadata.put(STUDENT, name);
        try {
            if (!writer.put(key, crop.jpeg(), JPEG, metadata, event.sequencer())) {
                throw superseded(event, key);
            }
        } catch (SdkException e) {
            log.warn("{}: the evidence image of {} could not be written to s3://{}/{}: {}", video, name,
                    writer.outputBucket(), key, e.toString());
            return Optional.empty();
        }
        return Optional.of("s3://" + writer.outputBucket() + "/" + key);
    }

    private SupersededEventException superseded(S3Message.ObjectEvent event, String key) {
        return new SupersededEventException("s3://" + writer.outputBucket() + "/" + key
                + " already holds the result of a newer upload of " + event.object() + " than the event's (sequencer "
                + event.sequencer().map(Object::toString).orElse("?") + ")");
    }

    private static String describe(StageTimings timings) {
        StringBuilder text = new StringBuilder();
        timings.millis().forEach((stage, ms) -> text.append(stage).append(' ').append(ms).append(" ms, "));
        return text.toString();
    }

    private VideoAnalysis analyze(S3ObjectRef video, VideoFetcher.FetchedVideo file, TimeRange range, TimeBudget budget,
            String part) {
        try (RecognizerPool.Lease lease = recognizers.borrow()) {
            return lease.recognizer().analyze(file.path(), range, budget);
        } catch (VideoOverLimitException e) {
            throw new VideoRejectedException(Reason.OVER_LIMIT,
                    String.valueOf(e.getMessage()).replace(file.path().toString(), video.toString()), e);
        } catch (InvalidVideoException e) {
            throw new VideoRejectedException(Reason.UNDECODABLE, undecodable(video, file, e), e);
        } catch (TimeBudget.OutOfTimeException e) {
            throw new VideoRejectedException(Reason.TIMEOUT, video + " " + part + " " + e.getMessage()
                    + "; nothing written (shorten " + FanOutSettings.SEGMENT_SECONDS + " or lengthen the function timeout)", e);
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

    private static String reason(VideoAnalysis recognition, boolean empty, List<String> missing) {
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

    /** The user metadata every result file of the event carries: its source, and which version and event. */
    private static Map<String, String> sourceMetadata(S3Message.ObjectEvent event) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.SOURCE, event.object().toString());
        event.eTag().ifPresent(eTag -> metadata.put(ResultMetadata.SOURCE_ETAG, eTag));
        event.versionId().ifPresent(id -> metadata.put(ResultMetadata.SOURCE_VERSION_ID, id));
        event.sequencer().ifPresent(sequencer -> metadata.put(ResultMetadata.SOURCE_SEQUENCER, sequencer.hex()));
        return metadata;
    }

    private static Map<String, String> metadata(S3Message.ObjectEvent event, String outcome, String reason,
            VideoAnalysis recognition, List<String> missing) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.OUTCOME, outcome);
        metadata.putAll(sourceMetadata(event));
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

    public FanOutSettings fanOut() {
        return fanOut;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
