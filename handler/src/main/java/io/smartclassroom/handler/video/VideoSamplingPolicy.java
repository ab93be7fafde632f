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
 * </ul>
 */
public record VideoSamplingPolicy(double sampleFps, int minFrames, int settleFrames) {
    public static final int DEFAULT_MIN_FRAMES = 3;
    /**
     * Off by default: a student who walks in late must still be seen, and a classroom clip is cheap to
     * examine whole (a 2-second 1080p clip takes a few hundred milliseconds).
     */
    public static final int DEFAULT_SETTLE_FRAMES = 0;

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
    }

    public static VideoSamplingPolicy withSampleFps(double sampleFps) {
        return new VideoSamplingPolicy(sampleFps, DEFAULT_MIN_FRAMES, DEFAULT_SETTLE_FRAMES);
    }

    public VideoSamplingPolicy withSettleFrames(int frames) {
        return new VideoSamplingPolicy(sampleFps, minFrames, frames);
    }

    public boolean stopsEarly() {
        return settleFrames > 0;
    }
}
