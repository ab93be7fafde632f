package io.smartclassroom.common.fanout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One time segment of a video that one function invocation analyses: {@code [startSeconds, endSeconds)} of the
 * video, the {@code index}-th (from 0) of {@code count}. The last segment reaches to the end of the video, even
 * past the duration its container declares. JSON: {@code {"index":0,"count":3,"start_s":0.0,"end_s":12.0}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VideoSegment(
        @JsonProperty("index") int index,
        @JsonProperty("count") int count,
        @JsonProperty("start_s") double startSeconds,
        @JsonProperty("end_s") double endSeconds) {
    public VideoSegment {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a segment needs 0 <= index < count, got index " + index + " of " + count);
        }
        if (!(startSeconds >= 0) || !(endSeconds > startSeconds) || Double.isInfinite(endSeconds)) {
            throw new IllegalArgumentException("segment " + index + " needs 0 <= start_s < end_s, got ["
                    + startSeconds + ", " + endSeconds + ")");
        }
    }

    @JsonIgnore
    public boolean isLast() {
        return index == count - 1;
    }

    /** {@code segment 3/12 (900–1200 s)}: 1-based, for logs and error messages. */
    public String describe() {
        return String.format(Locale.ROOT, "segment %d/%d (%s–%s s)", index + 1, count, seconds(startSeconds),
                seconds(endSeconds));
    }

    /** {@code 3/12}: the value of the {@code segment} logging key. */
    public String label() {
        return (index + 1) + "/" + count;
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
