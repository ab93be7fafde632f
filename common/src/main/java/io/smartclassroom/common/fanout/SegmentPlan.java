package io.smartclassroom.common.fanout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * How a video is split across invocations: its duration (from the container's header, 0 when unknown) and its
 * segments, in order, covering {@code [0, duration)} without gaps. JSON:
 * {@code {"duration_s":36.0,"segments":[{"index":0,"count":3,"start_s":0.0,"end_s":12.0},…]}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SegmentPlan(
        @JsonProperty("duration_s") double durationSeconds,
        @JsonProperty("segments") List<VideoSegment> segments) {
    public SegmentPlan {
        segments = List.copyOf(requireNonNull(segments, "segments"));
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one segment");
        }
        for (int i = 0; i < segments.size(); i++) {
            VideoSegment segment = segments.get(i);
            if (segment.index() != i || segment.count() != segments.size()) {
                throw new IllegalArgumentException("segment " + i + " of the plan is numbered " + segment.label());
            }
            if (i > 0 && segment.startSeconds() != segments.get(i - 1).endSeconds()) {
                throw new IllegalArgumentException("segment " + segment.label() + " does not start where the one before ends");
            }
        }
    }

    /**
     * Splits a video of {@code durationSeconds} into the fewest equal segments of at most {@code segmentSeconds}:
     * a video no longer than a segment (or of unknown duration, 0) is one segment, the whole video, as before
     * fan-out; 36 s by 12 s are 3 segments of 12 s; 3601 s by 300 s are 13 of 277 s.
     */
    public static SegmentPlan of(double durationSeconds, double segmentSeconds) {
        if (!(segmentSeconds > 0) || Double.isInfinite(segmentSeconds)) {
            throw new IllegalArgumentException("the segment length must be a positive number of seconds: " + segmentSeconds);
        }
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("the duration must be 0 (unknown) or more seconds: " + durationSeconds);
        }
        if (durationSeconds <= segmentSeconds) {
            return new SegmentPlan(durationSeconds, List.of(new VideoSegment(0, 1, 0,
                    durationSeconds > 0 ? durationSeconds : segmentSeconds)));
        }
        int count = (int) Math.min(10_000, Math.ceil(durationSeconds / segmentSeconds));
        List<VideoSegment> segments = new ArrayList<>(count);
        double start = 0;
        for (int i = 0; i < count; i++) {
            double end = i == count - 1 ? durationSeconds : Math.round(durationSeconds * (i + 1) / count * 1000) / 1000.0;
            segments.add(new VideoSegment(i, count, start, end));
            start = end;
        }
        return new SegmentPlan(durationSeconds, segments);
    }

    @JsonIgnore
    public boolean isSingle() {
        return segments.size() == 1;
    }
}
