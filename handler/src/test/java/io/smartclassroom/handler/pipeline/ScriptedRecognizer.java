package io.smartclassroom.handler.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionResult;
import io.smartclassroom.handler.recognition.TimeBudget;
import io.smartclassroom.handler.recognition.VideoRecognizer;
import io.smartclassroom.handler.video.AnalysisStats;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.TimeRange;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.util.LinkedHashSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;

/**
 * A test double of the face engine for the pipeline's own tests (the end-to-end tests use the real
 * engine). The "video" the pipeline fetched is a small text file whose content names the result to
 * return; content it does not know is an undecodable video, as for the real decoder. It records the
 * files it was given, so tests can check that fetch handed over the object's bytes and cleaned up.
 */
public final class ScriptedRecognizer implements VideoRecognizer {
    /** The model identity the pipeline tests record (not a real model file's). */
    public static final RecordModel MODEL = new RecordModel("scripted", "a".repeat(64), "b".repeat(64), 0.363);

    private final Map<String, VideoAnalysis> results = new ConcurrentHashMap<>();
    private final List<Path> seen = new CopyOnWriteArrayList<>();
    private final List<TimeRange> ranges = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> loggingContexts = new CopyOnWriteArrayList<>();

    public ScriptedRecognizer when(String content, RecognitionResult result) {
        return when(content, analysis(result));
    }

    public ScriptedRecognizer when(String content, VideoAnalysis analysis) {
        results.put(content, analysis);
        return this;
    }

    /**
     * The analysis a recognizer would give for {@code result}: the i-th name first seen at i s and last at i + 1 s
     * (a name listed again is seen again later), 2 frames each at similarity 0.8, half a second apart; no evidence.
     */
    public static VideoAnalysis analysis(RecognitionResult result) {
        Map<String, StudentSighting> sightings = new LinkedHashMap<>();
        for (int i = 0; i < result.students().size(); i++) {
            String name = result.students().get(i);
            long first = i * 1_000_000L;
            sightings.merge(name, new StudentSighting(name, first, first + 1_000_000L, 1_000_000L, 2, 0.8),
                    (a, b) -> new StudentSighting(name, a.firstSeenMicros(), b.lastSeenMicros(),
                            a.seenMicros() + b.seenMicros(), a.frames() + b.frames(), 0.8));
        }
        long duration = (result.students().size() + 1) * 1_000_000L;
        return new VideoAnalysis(List.copyOf(sightings.values()), result.framesExamined(), result.framesExamined(),
                result.facesDetected(), result.unknownFaces(), result.unknownFaces(), result.unknownFaces(), false, 5,
                result.reason(), new AnalysisStats(result.framesExamined(), 0, result.framesExamined(),
                        result.facesDetected(), result.facesDetected(), 0, 1, 1, 1, 5),
                duration, 500_000L, List.of());
    }

    public static RecognitionResult students(String... names) {
        return new RecognitionResult(List.of(names), 4, names.length, 0, "");
    }

    public List<Path> seen() {
        return seen;
    }

    /** The SLF4J MDC of each call, to check what the log lines written meanwhile carry. */
    public List<Map<String, String>> loggingContexts() {
        return loggingContexts;
    }

    @Override
    public VideoAnalysis analyze(Path video) throws InvalidVideoException {
        seen.add(video);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        loggingContexts.add(mdc == null ? Map.of() : mdc);
        String content;
        try {
            content = new String(Files.readAllBytes(video), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VideoAnalysis result = results.get(content);
        if (result == null) {
            throw new InvalidVideoException("Invalid data found when processing input");
        }
        return result;
    }

    /**
     * The whole video: {@link #analyze(Path)}. Another range: each distinct scripted student seen once at the range's
     * start. The range and the budget are recorded.
     */
    @Override
    public VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        ranges.add(range);
        budget.begin(range.startMicros());
        VideoAnalysis whole = analyze(video);
        if (range.equals(TimeRange.WHOLE)) {
            return whole;
        }
        List<StudentSighting> sightings = new LinkedHashSet<>(whole.studentNames()).stream()
                .map(name -> new StudentSighting(name, range.startMicros(), range.startMicros(), 500_000, 1, 0.8))
                .toList();
        return new VideoAnalysis(sightings, whole.framesExamined(), whole.framesDecoded(), whole.facesDetected(),
                whole.unknownFaces(), whole.maxUnknownFacesInFrame(), whole.unknownPeople(), false, 1, whole.reason(),
                whole.stats());
    }

    /** The time ranges {@link #analyze(Path, TimeRange, TimeBudget)} was asked for, in order. */
    public List<TimeRange> ranges() {
        return ranges;
    }

    @Override
    public void close() {}
}
