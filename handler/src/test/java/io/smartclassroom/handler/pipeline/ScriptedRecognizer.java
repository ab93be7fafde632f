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
    private final Map<String, RecognitionResult> results = new ConcurrentHashMap<>();
    private final List<Path> seen = new CopyOnWriteArrayList<>();
    private final List<TimeRange> ranges = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> loggingContexts = new CopyOnWriteArrayList<>();

    public ScriptedRecognizer when(String content, RecognitionResult result) {
        results.put(content, result);
        return this;
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
    public RecognitionResult recognize(Path video) throws InvalidVideoException {
        seen.add(video);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        loggingContexts.add(mdc == null ? Map.of() : mdc);
        String content;
        try {
            content = new String(Files.readAllBytes(video), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecognitionResult result = results.get(content);
        if (result == null) {
            throw new InvalidVideoException("Invalid data found when processing input");
        }
        return result;
    }

    /**
     * The scripted result as an analysis: each distinct student seen once at the range's start, in the order
     * scripted; the range and the budget are recorded.
     */
    @Override
    public VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        ranges.add(range);
        budget.begin(range.startMicros());
        RecognitionResult result = recognize(video);
        List<StudentSighting> sightings = new LinkedHashSet<>(result.students()).stream()
                .map(name -> new StudentSighting(name, range.startMicros(), range.startMicros(), 500_000, 1, 0.8))
                .toList();
        return new VideoAnalysis(sightings, result.framesExamined(), result.framesExamined(), result.facesDetected(),
                result.unknownFaces(), result.unknownFaces(), result.unknownFaces(), false, 1, result.reason(),
                new AnalysisStats(result.framesExamined(), 0, result.framesExamined(), result.facesDetected(),
                        result.facesDetected(), 0, 0, 0, 0, 1));
    }

    /** The time ranges {@link #analyze} was asked for, in order. */
    public List<TimeRange> ranges() {
        return ranges;
    }

    @Override
    public void close() {}
}
