package io.smartclassroom.handler.recognition;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the function accepts at most, checked before a video is decoded; each limit has its setting:
 * <ul>
 *   <li>{@value #MAX_VIDEO_BYTES}: the object's size, from the event's {@code s3.object.size} (before anything is
 *       downloaded) and from the GET's Content-Length (before the body is read); default 4 GiB;
 *   <li>{@value #MAX_VIDEO_SECONDS}: the duration the container declares (its header and index); default 14400 (4 h);
 *   <li>{@value #MAX_FRAME_PIXELS}: width × height of the video stream; default 8294400 (3840×2160);
 *   <li>{@value #MAX_EVENT_RECORDS}: records in one event notification (S3 sends one); default 10.
 * </ul>
 * A video over a limit is rejected ({@code over-limit}) with a sentence that names the limit and the setting that
 * raises it.
 */
public record InputLimits(long maxVideoBytes, double maxVideoSeconds, long maxFramePixels, int maxEventRecords) {
    public static final String MAX_VIDEO_BYTES = "MAX_VIDEO_BYTES";
    public static final String MAX_VIDEO_SECONDS = "MAX_VIDEO_SECONDS";
    public static final String MAX_FRAME_PIXELS = "MAX_FRAME_PIXELS";
    public static final String MAX_EVENT_RECORDS = "MAX_EVENT_RECORDS";
    public static final InputLimits DEFAULTS = new InputLimits(4L << 30, 4 * 3600, 3840L * 2160, 10);

    public InputLimits {
        if (maxVideoBytes < 1) {
            throw new IllegalArgumentException("maxVideoBytes must be positive: " + maxVideoBytes);
        }
        if (!(maxVideoSeconds > 0) || Double.isInfinite(maxVideoSeconds)) {
            throw new IllegalArgumentException("maxVideoSeconds must be positive: " + maxVideoSeconds);
        }
        if (maxFramePixels < 1) {
            throw new IllegalArgumentException("maxFramePixels must be positive: " + maxFramePixels);
        }
        if (maxEventRecords < 1) {
            throw new IllegalArgumentException("maxEventRecords must be at least 1: " + maxEventRecords);
        }
    }

    public InputLimits withMaxVideoBytes(long bytes) {
        return new InputLimits(bytes, maxVideoSeconds, maxFramePixels, maxEventRecords);
    }

    public InputLimits withMaxVideoSeconds(double seconds) {
        return new InputLimits(maxVideoBytes, seconds, maxFramePixels, maxEventRecords);
    }

    public InputLimits withMaxFramePixels(long pixels) {
        return new InputLimits(maxVideoBytes, maxVideoSeconds, pixels, maxEventRecords);
    }

    public InputLimits withMaxEventRecords(int records) {
        return new InputLimits(maxVideoBytes, maxVideoSeconds, maxFramePixels, records);
    }

    /**
     * Reads the four settings from {@code env} (blank or absent: the default); each unusable one is described in
     * {@code problems} and its default is kept.
     */
    public static InputLimits fromEnvironment(Map<String, String> env, List<String> problems) {
        long bytes = (long) positive(env, MAX_VIDEO_BYTES, DEFAULTS.maxVideoBytes, true, problems);
        double seconds = positive(env, MAX_VIDEO_SECONDS, DEFAULTS.maxVideoSeconds, false, problems);
        long pixels = (long) positive(env, MAX_FRAME_PIXELS, DEFAULTS.maxFramePixels, true, problems);
        double records = positive(env, MAX_EVENT_RECORDS, DEFAULTS.maxEventRecords, true, problems);
        if (records > 10_000) {
            problems.add(MAX_EVENT_RECORDS + " must be at most 10000, got '" + env.get(MAX_EVENT_RECORDS) + "'");
            records = DEFAULTS.maxEventRecords;
        }
        return new InputLimits(bytes, seconds, pixels, (int) records);
    }

    private static double positive(Map<String, String> env, String name, double defaultValue, boolean whole,
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
        if (!(value > 0) || Double.isInfinite(value) || value > Long.MAX_VALUE / 2 || (whole && value != Math.rint(value))) {
            problems.add(name + " must be a positive " + (whole ? "whole " : "") + "number, got '" + text + "'");
            return defaultValue;
        }
        return value;
    }

    /** The sentence for an object of {@code bytes} over {@link #maxVideoBytes}, or null when within it. */
    public String sizeProblem(String what, long bytes) {
        return bytes > maxVideoBytes
                ? "%s is %d bytes, over the limit of %d bytes (%s raises it)".formatted(what, bytes, maxVideoBytes, MAX_VIDEO_BYTES)
                : null;
    }

    /** The sentence for a video of {@code micros} over {@link #maxVideoSeconds}, or null when within it. */
    public String durationProblem(String what, long micros) {
        return micros > maxVideoSeconds * 1_000_000
                ? String.format(Locale.ROOT, "%s lasts %.1f s, over the limit of %.0f s (%s raises it)", what,
                        micros / 1e6, maxVideoSeconds, MAX_VIDEO_SECONDS)
                : null;
    }

    /** The sentence for frames of {@code width}×{@code height} over {@link #maxFramePixels}, or null when within it. */
    public String pixelProblem(String what, int width, int height) {
        long pixels = (long) width * height;
        return pixels > maxFramePixels
                ? "%s has frames of %dx%d = %d pixels, over the limit of %d pixels per frame (%s raises it)"
                        .formatted(what, width, height, pixels, maxFramePixels, MAX_FRAME_PIXELS)
                : null;
    }

    /** {@code MAX_VIDEO_BYTES=… MAX_VIDEO_SECONDS=… MAX_FRAME_PIXELS=… MAX_EVENT_RECORDS=…} for the startup log. */
    public String describe() {
        return MAX_VIDEO_BYTES + "=" + maxVideoBytes + " " + MAX_VIDEO_SECONDS + "=" + maxVideoSeconds + " "
                + MAX_FRAME_PIXELS + "=" + maxFramePixels + " " + MAX_EVENT_RECORDS + "=" + maxEventRecords;
    }
}
