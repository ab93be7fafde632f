package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.video.AnalysisStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall milliseconds per stage of one video, in the order the stages ran (the record's {@code timings_ms}):
 * e.g. {@code fetch}, {@code recognise} with its parts {@code decode}, {@code detect}, {@code embed}, then
 * {@code lookup}, {@code evidence}, {@code total}. Immutable; {@link #with} gives a copy with one more stage.
 */
public record StageTimings(Map<String, Long> millis) {
    public static final StageTimings NONE = new StageTimings(Map.of());

    public StageTimings {
        requireNonNull(millis, "millis");
        Map<String, Long> copy = new LinkedHashMap<>();
        millis.forEach((stage, ms) -> {
            requireNonNull(stage, "stage");
            requireNonNull(ms, "ms of " + stage);
            if (stage.isBlank()) {
                throw new IllegalArgumentException("a stage needs a name");
            }
            if (ms < 0) {
                throw new IllegalArgumentException("stage " + stage + " took a negative time: " + ms + " ms");
            }
            copy.put(stage, ms);
        });
        millis = Collections.unmodifiableMap(copy);
    }

    /** These timings and {@code stage}'s (replacing an earlier one of that name). */
    public StageTimings with(String stage, long ms) {
        Map<String, Long> more = new LinkedHashMap<>(millis);
        more.remove(stage);
        more.put(stage, ms);
        return new StageTimings(more);
    }

    /** These timings and the recogniser's own: {@code decode}, {@code detect}, {@code embed}. */
    public StageTimings withAnalysis(AnalysisStats stats) {
        requireNonNull(stats, "stats");
        return with("decode", stats.decodeMillis()).with("detect", stats.detectMillis()).with("embed", stats.embedMillis());
    }
}
