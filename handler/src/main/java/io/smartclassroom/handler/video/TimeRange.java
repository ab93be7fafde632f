package io.smartclassroom.handler.video;

/**
 * A part of a video, {@code [startMicros, endMicros)} in microseconds from its start, so that a long
 * video can be analysed in segments (and the segments' analyses merged with {@link VideoAnalysis#merge}).
 */
public record TimeRange(long startMicros, long endMicros) {
    /** The whole video. */
    public static final TimeRange WHOLE = new TimeRange(0, Long.MAX_VALUE);

    public TimeRange {
        if (startMicros < 0 || endMicros <= startMicros) {
            throw new IllegalArgumentException("a time range needs 0 <= start < end: [%d, %d)".formatted(startMicros, endMicros));
        }
    }

    public static TimeRange ofSeconds(double startSeconds, double endSeconds) {
        return new TimeRange(Math.round(startSeconds * 1_000_000), Math.round(endSeconds * 1_000_000));
    }

    public boolean contains(long micros) {
        return micros >= startMicros && micros < endMicros;
    }

    public boolean isWhole() {
        return startMicros == 0 && endMicros == Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return isWhole() ? "whole" : "[%.3f s, %.3f s)".formatted(startMicros / 1e6, endMicros / 1e6);
    }
}
