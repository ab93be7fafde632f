package io.smartclassroom.handler.recognition;

/**
 * How long videos (lectures) are examined: a video longer than {@code thresholdSeconds} is sampled by
 * seeking, one frame every {@code intervalSeconds}, its faces detected on the frame scaled to a
 * {@code detectionSide}-pixel long side (never enlarged) and tracked across samples. Environment:
 * {@value #LONG_VIDEO_SECONDS} (default 60), {@value #LONG_VIDEO_INTERVAL_SECONDS} (default 5),
 * {@value #LONG_VIDEO_DETECTION_SIDE} (default 1920).
 */
public record LongVideoSettings(double thresholdSeconds, double intervalSeconds, int detectionSide) {
    public static final String LONG_VIDEO_SECONDS = "LONG_VIDEO_SECONDS";
    public static final String LONG_VIDEO_INTERVAL_SECONDS = "LONG_VIDEO_INTERVAL_SECONDS";
    public static final String LONG_VIDEO_DETECTION_SIDE = "LONG_VIDEO_DETECTION_SIDE";
    public static final LongVideoSettings DEFAULTS = new LongVideoSettings(60, 5, 1920);

    public LongVideoSettings {
        if (!(thresholdSeconds > 0) || Double.isInfinite(thresholdSeconds)) {
            throw new IllegalArgumentException("thresholdSeconds must be positive: " + thresholdSeconds);
        }
        if (!(intervalSeconds > 0) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("intervalSeconds must be positive: " + intervalSeconds);
        }
        if (detectionSide < 160) {
            throw new IllegalArgumentException("detectionSide must be at least 160 pixels: " + detectionSide);
        }
    }

    /**
     * Reads the three settings from {@code env} (blank or absent: the default); each unusable one is
     * described in {@code problems} and its default is kept.
     */
    public static LongVideoSettings fromEnvironment(java.util.Map<String, String> env, java.util.List<String> problems) {
        double threshold = positive(env, LONG_VIDEO_SECONDS, DEFAULTS.thresholdSeconds, problems);
        double interval = positive(env, LONG_VIDEO_INTERVAL_SECONDS, DEFAULTS.intervalSeconds, problems);
        double side = positive(env, LONG_VIDEO_DETECTION_SIDE, DEFAULTS.detectionSide, problems);
        if (side < 160 || side != Math.rint(side) || side > 8192) {
            problems.add(LONG_VIDEO_DETECTION_SIDE + " must be a whole number of pixels from 160 to 8192, got '"
                    + env.get(LONG_VIDEO_DETECTION_SIDE) + "'");
            side = DEFAULTS.detectionSide;
        }
        return new LongVideoSettings(threshold, interval, (int) side);
    }

    private static double positive(java.util.Map<String, String> env, String name, double defaultValue,
            java.util.List<String> problems) {
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
        if (!(value > 0) || Double.isInfinite(value)) {
            problems.add(name + " must be a positive number, got '" + text + "'");
            return defaultValue;
        }
        return value;
    }

    /** {@code LONG_VIDEO_SECONDS=… LONG_VIDEO_INTERVAL_SECONDS=… LONG_VIDEO_DETECTION_SIDE=…} for the startup log. */
    public String describe() {
        return LONG_VIDEO_SECONDS + "=" + thresholdSeconds + " " + LONG_VIDEO_INTERVAL_SECONDS + "=" + intervalSeconds
                + " " + LONG_VIDEO_DETECTION_SIDE + "=" + detectionSide;
    }
}
