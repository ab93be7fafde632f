package io.smartclassroom.handler.video;

/**
 * Which frames of a video are examined, and when examination stops.
 *
 * <ul>
 *   <li>{@code sampleFps}: frames examined per second of video (the first decodable frame is always
 *       examined).
 *   <li>{@code minFrames}: a clip too short for that many samples at {@code sampleFps} is sampled
 *       more densely so that at least this many frames are examined (when it has them).
 *   <li>{@code settleFrames}: stop early once this many consecutive examined frames show the same,
 *       already confirmed, non-empty set of students and no unknown face (0: never stop early). A
 *       student who first appears after that point is not seen, which is why the default is 0.
 *   <li>{@code longVideoSeconds}: a video longer than this is a long video: it is sampled by seeking,
 *       one frame every {@code longVideoIntervalSeconds}, never decoded whole; its faces are detected on
 *       the frame scaled to a {@code longVideoDetectionSide}-pixel long side (never enlarged; small faces
 *       of a lecture hall need the full 1080p frame) and followed across samples ({@link FaceTracker}).
 *       Shorter videos keep the dense sampling above and detection at the standard size.
 * </ul>
 */
public record VideoSamplingPolicy(double sampleFps, int minFrames, int settleFrames, double longVideoSeconds,
        double longVideoIntervalSeconds, int longVideoDetectionSide) {
    public static final int DEFAULT_MIN_FRAMES = 3;
    /**
     * Off by default: a student who walks in late must still be seen, and a classroom clip is cheap to
     * examine whole (a 2-second 1080p clip takes a few hundred milliseconds).
     */
    public static final int DEFAULT_SETTLE_FRAMES = 0;
    public static final double DEFAULT_LONG_VIDEO_SECONDS = 60;
    public static final double DEFAULT_LONG_VIDEO_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_LONG_VIDEO_DETECTION_SIDE = 1920;

    /** Dense sampling with the default long-video settings. */
    public VideoSamplingPolicy(double sampleFps, int minFrames, int settleFrames) {
        this(sampleFps, minFrames, settleFrames, DEFAULT_LONG_VIDEO_SECONDS, DEFAULT_LONG_VIDEO_INTERVAL_SECONDS,
                DEFAULT_LONG_VIDEO_DETECTION_SIDE);
    }

    public VideoSamplingPolicy {
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sampleFps must be positive: " + sampleFps);
        }
        if (minFrames < 1) {
            throw new IllegalArgumentException("minFrames must be at least 1: " + minFrames);
        }
        if (settleFrames < 0) {
            throw new IllegalArgumentException("settleFrames must not be negative: " + settleFrames);
        }
        if (!(longVideoSeconds > 0)) {
            throw new IllegalArgumentException("longVideoSeconds must be positive: " + longVideoSeconds);
        }
        if (!(longVideoIntervalSeconds > 0) || Double.isInfinite(longVideoIntervalSeconds)) {
            throw new IllegalArgumentException("longVideoIntervalSeconds must be positive: " + longVideoIntervalSeconds);
        }
        if (longVideoDetectionSide < 160) {
            throw new IllegalArgumentException("longVideoDetectionSide must be at least 160 pixels: " + longVideoDetectionSide);
        }
    }

    public static VideoSamplingPolicy withSampleFps(double sampleFps) {
        return new VideoSamplingPolicy(sampleFps, DEFAULT_MIN_FRAMES, DEFAULT_SETTLE_FRAMES);
    }

    public VideoSamplingPolicy withSettleFrames(int frames) {
        return new VideoSamplingPolicy(sampleFps, minFrames, frames, longVideoSeconds, longVideoIntervalSeconds,
                longVideoDetectionSide);
    }

    public VideoSamplingPolicy withLongVideos(double seconds, double intervalSeconds, int detectionSide) {
        return new VideoSamplingPolicy(sampleFps, minFrames, settleFrames, seconds, intervalSeconds, detectionSide);
    }

    public boolean isLong(long durationMicros) {
        return durationMicros > longVideoSeconds * 1_000_000;
    }

    public long longVideoIntervalMicros() {
        return Math.max(1_000, Math.round(longVideoIntervalSeconds * 1_000_000));
    }

    public boolean stopsEarly() {
        return settleFrames > 0;
    }
}
