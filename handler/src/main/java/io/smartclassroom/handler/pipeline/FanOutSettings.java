package io.smartclassroom.handler.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the function splits long videos and guards its timeout. Environment:
 * <ul>
 *   <li>{@value #SEGMENT_SECONDS}: a video longer than this many seconds is planned as segments of at most this
 *       length, one invocation each, when the monitor asks for a plan (default 300);
 *   <li>{@value #TIME_MARGIN_SECONDS}: an invocation stops cleanly (a {@code timeout} rejection, nothing written)
 *       when less than this, plus its slowest frame so far, is left of the function's timeout (default 10).
 * </ul>
 */
public record FanOutSettings(double segmentSeconds, Duration timeMargin) {
    public static final String SEGMENT_SECONDS = "SEGMENT_SECONDS";
    public static final String TIME_MARGIN_SECONDS = "TIME_MARGIN_SECONDS";
    public static final FanOutSettings DEFAULTS = new FanOutSettings(300, Duration.ofSeconds(10));

    public FanOutSettings {
        if (!(segmentSeconds > 0) || Double.isInfinite(segmentSeconds)) {
            throw new IllegalArgumentException("segmentSeconds must be positive: " + segmentSeconds);
        }
        if (timeMargin == null || timeMargin.isNegative()) {
            throw new IllegalArgumentException("timeMargin must be 0 or more: " + timeMargin);
        }
    }

    /** Reads both settings (blank or absent: the default); each unusable one is described in {@code problems}. */
    public static FanOutSettings fromEnvironment(Map<String, String> env, List<String> problems) {
        double segment = number(env, SEGMENT_SECONDS, DEFAULTS.segmentSeconds, false, problems);
        double margin = number(env, TIME_MARGIN_SECONDS, DEFAULTS.timeMargin.toMillis() / 1000.0, true, problems);
        return new FanOutSettings(segment, Duration.ofMillis(Math.round(margin * 1000)));
    }

    private static double number(Map<String, String> env, String name, double defaultValue, boolean zeroAllowed,
            List<String> problems) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(zeroAllowed ? value >= 0 : value > 0) || Double.isInfinite(value)) {
            problems.add(name + " must be a " + (zeroAllowed ? "number of seconds, 0 or more" : "positive number of seconds")
                    + ", got '" + text + "'");
            return defaultValue;
        }
        return value;
    }

    public String describe() {
        return SEGMENT_SECONDS + "=" + segmentSeconds + " " + TIME_MARGIN_SECONDS + "=" + timeMargin.toMillis() / 1000.0;
    }
}
