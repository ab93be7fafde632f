package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.VideoOverLimitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a video file with FFmpeg and hands out about {@code sampleFps} upright BGR frames per second.
 *
 * <p>Cost control: every frame must be decoded to reach the next (H.264 frames depend on each other),
 * but only the frames that will be examined are converted to BGR; when sampling at 4 fps or less the
 * decoder skips B-frames altogether (nothing depends on them; measured: decoding the 8 course clips
 * takes 2.5× less CPU), so samples come from I- and P-frames. Audio is never decoded. Phone videos are
 * turned upright according to their display-rotation metadata.
 *
 * <p>Not thread-safe; close it. The frame returned by {@link #next()} is valid until the next call.
 */
public final class VideoFrameSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoFrameSampler.class);
    private static final double SKIP_B_FRAMES_UP_TO_FPS = 4.0;
    private static final long DEFAULT_FRAME_MICROS = 40_000;
    private static final long NO_TIME = Long.MIN_VALUE;
    /** FFmpeg's AVINDEX_KEYFRAME: the index entry is a keyframe. */
    private static final int KEYFRAME_FLAG = 0x0001;

    static {
        // FFmpeg writes warnings for every damaged packet straight to stderr; failures surface as exceptions instead.
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private final Path video;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Mat rotated = new Mat();
    private final int rotateCode;
    private final int rotationDegrees;
    private final long intervalMicros;
    private final long videoDurationMicros;
    private final TimeRange range;
    private final boolean seeking;
    private final long[] keyframeMicros;

    private long firstTimestamp = NO_TIME;
    private long previousTime = NO_TIME;
    private long lastTime = 0;
    private long frameMicros;
    private long nextSampleMicros = 0;
    private boolean convertNext = true;
    private int decodedFrames;
    private int convertedFrames;
    private int sampledFrames;
    private int seeks;
    private boolean ended;

    private VideoFrameSampler(Path video, FFmpegFrameGrabber grabber, VideoSamplingPolicy policy, TimeRange range) {
        this.video = video;
        this.grabber = grabber;
        this.rotationDegrees = clockwiseRotation(grabber.getDisplayRotation());
        this.rotateCode = switch (rotationDegrees) {
            case 90 -> ROTATE_90_CLOCKWISE;
            case 180 -> ROTATE_180;
            case 270 -> ROTATE_90_COUNTERCLOCKWISE;
            default -> -1;
        };
        double frameRate = grabber.getFrameRate();
        this.frameMicros = frameRate > 0 && frameRate < 1000 ? Math.round(1_000_000 / frameRate) : DEFAULT_FRAME_MICROS;
        this.videoDurationMicros = videoStreamDurationMicros(grabber.getFormatContext());
        long interval = Math.round(1_000_000 / policy.sampleFps());
        long knownDuration = videoDurationMicros > 0 ? videoDurationMicros : grabber.getLengthInTime();
        this.range = range;
        this.seeking = knownDuration > 0 && policy.isLong(knownDuration);
        if (seeking) {
            interval = policy.longVideoIntervalMicros();
        } else if (knownDuration > 0 && policy.minFrames() > 1) {
            interval = Math.min(interval, knownDuration / policy.minFrames());
        }
        this.intervalMicros = Math.max(1_000, interval);
        this.nextSampleMicros = range.startMicros();
        this.keyframeMicros = seeking ? keyframeTimes(grabber.getFormatContext()) : new long[0];
    }

    /**
     * Loads FFmpeg's native libraries now (about 0.1-0.5 s), so that the first video a process handles
     * does not pay for it. Idempotent.
     */
    public static void loadNativeLibraries() {
        Loader.load(avutil.class);
        Loader.load(avcodec.class);
        Loader.load(avformat.class);
        Loader.load(swscale.class);
    }

    /**
     * Opens {@code video} for sampling.
     *
     * @throws InvalidVideoException when the file is missing, empty, not a video, in a container that is not
     *     {@link VideoContainers#ACCEPTED accepted} (e.g. an HLS playlist or ffconcat script), a still image, or
     *     truncated (its index points past the end of the file)
     */
    public static VideoFrameSampler open(Path video, VideoSamplingPolicy policy) throws InvalidVideoException {
        return open(video, policy, TimeRange.WHOLE);
    }

    /**
     * Opens {@code video} for sampling only {@code range} of it (times from the video's start).
     *
     * @throws InvalidVideoException as {@link #open(Path, VideoSamplingPolicy)}
     */
    public static VideoFrameSampler open(Path video, VideoSamplingPolicy policy, TimeRange range) throws InvalidVideoException {
        return open(video, policy, range, InputLimits.DEFAULTS);
    }

    /**
     * Opens {@code video} for sampling {@code range} of it, if its container declares a duration and frame size
     * within {@code limits}: checked from the container's header, before any frame is decoded.
     *
     * @throws VideoOverLimitException when the video is longer, or its frames larger, than {@code limits} allow
     * @throws InvalidVideoException as {@link #open(Path, VideoSamplingPolicy)}
     */
    public static VideoFrameSampler open(Path video, VideoSamplingPolicy policy, TimeRange range, InputLimits limits)
            throws InvalidVideoException {
        requireNonNull(video, "video");
        requireNonNull(policy, "policy");
        requireNonNull(range, "range");
        requireNonNull(limits, "limits");
        long size = fileSize(video);
        // Only accepted containers, and nothing but this file: a playlist or concat script could name others.
        VideoContainers.Header header = VideoContainers.probe(video);
        overLimit(limits.durationProblem(video.toString(), header.durationMicros()));
        overLimit(limits.pixelProblem(video.toString(), header.width(), header.height()));
        FFmpegFrameGrabber grabber = VideoContainers.boxIn(new FFmpegFrameGrabber(video.toFile()));
        try {
            if (policy.sampleFps() <= SKIP_B_FRAMES_UP_TO_FPS || policy.longVideoIntervalSeconds() >= 1 / SKIP_B_FRAMES_UP_TO_FPS) {
                grabber.setVideoOption("skip_frame", "bidir");
            }
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new InvalidVideoException("%s is not a decodable video (%d bytes): %s".formatted(video, size, firstLine(e)), e);
            }
            String format = grabber.getFormat();
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new InvalidVideoException("%s has no video stream (format %s, %d bytes)".formatted(video, format, size));
            }
            if (header.pixels() == 0) {
                // the header did not say (some MPEG-4 Part 2 tracks): the stream's probe did, still before sampling
                overLimit(limits.pixelProblem(video.toString(), grabber.getImageWidth(), grabber.getImageHeight()));
            }
            if (format != null && (format.endsWith("_pipe") || format.equals("image2"))) {
                throw new InvalidVideoException("%s is a still image (%s), not a video".formatted(video, format));
            }
            long indexEnd = indexEnd(grabber.getFormatContext());
            if (indexEnd > size) {
                throw new InvalidVideoException("%s is truncated: its index refers to %d bytes but the file has %d (incomplete upload or copy?)"
                        .formatted(video, indexEnd, size));
            }
            return new VideoFrameSampler(video, grabber, policy, range);
        } catch (InvalidVideoException | RuntimeException e) {
            closeQuietly(grabber);
            throw e;
        }
    }

    /**
     * The next frame to examine, or {@code null} at the end of the video.
     *
     * @throws InvalidVideoException when not a single frame can be decoded, or when decoding ends well
     *     before the duration the video declares (truncated)
     */
    public SampledFrame next() throws InvalidVideoException {
        if (ended) {
            return null;
        }
        if (seeking) {
            return nextBySeeking();
        }
        while (true) {
            boolean convert = convertNext;
            Frame frame;
            try {
                frame = grabber.grabFrame(false, true, convert, false, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (decodedFrames == 0) {
                    throw new InvalidVideoException("%s: no frame can be decoded: %s".formatted(video, firstLine(e)), e);
                }
                LOG.warn("video {}: decoding stopped after {} frames ({} ms): {}", video, decodedFrames, lastTime / 1000, firstLine(e));
                return end(false);
            }
            if (frame == null) {
                return end(true);
            }
            if (frame.image == null) {
                continue;
            }
            decodedFrames++;
            if (firstTimestamp == NO_TIME) {
                firstTimestamp = frame.timestamp;
            }
            long time = frame.timestamp - firstTimestamp;
            if (time >= range.endMicros()) {
                return end(false);
            }
            if (previousTime != NO_TIME && time > previousTime) {
                frameMicros = time - previousTime;
            }
            previousTime = time;
            lastTime = Math.max(lastTime, time);
            long tolerance = frameMicros / 2;
            boolean due = time >= nextSampleMicros - tolerance;
            if (convert && due) {
                convertedFrames++;
                while (nextSampleMicros <= time + tolerance) {
                    nextSampleMicros += intervalMicros;
                }
                convertNext = time + frameMicros >= nextSampleMicros - tolerance;
                return new SampledFrame(upright(converter.convert(frame)), sampledFrames++, time);
            }
            if (convert) {
                convertedFrames++;
            }
            // Convert the next frame only if it is predicted to be the one nearest the next sample time.
            convertNext = time + frameMicros >= nextSampleMicros - tolerance;
        }
    }

    /**
     * A long video's next sample. When the keyframe before the sample time is behind the decoder's
     * position, it decodes forward to that time (without colour conversion, as the dense path does);
     * otherwise it seeks to that keyframe and FFmpeg decodes forward to the time. Either way only the
     * sampled frame is converted, and no frame is decoded twice.
     */
    private SampledFrame nextBySeeking() throws InvalidVideoException {
        long end = Math.min(range.endMicros(), videoDurationMicros > 0 ? videoDurationMicros : grabber.getLengthInTime());
        while (nextSampleMicros < end) {
            long target = nextSampleMicros;
            nextSampleMicros += intervalMicros;
            long tolerance = frameMicros / 2;
            try {
                if (previousTime != NO_TIME && previousTime < target - tolerance && keyframeAtOrBefore(target) <= previousTime) {
                    SampledFrame sample = decodeForwardTo(target, tolerance);
                    if (sample != null) {
                        return sample;
                    }
                    return end(false);
                }
                grabber.setVideoTimestamp(target);
                seeks++;
                Frame frame;
                do {
                    frame = grabber.grabFrame(false, true, true, false, false);
                } while (frame != null && frame.image == null);
                if (frame == null) {
                    continue;
                }
                decodedFrames++;
                return sample(frame);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (decodedFrames == 0) {
                    throw new InvalidVideoException("%s: no frame can be decoded at %d ms: %s".formatted(video, target / 1000, firstLine(e)), e);
                }
                LOG.warn("video {}: sampling at {} ms failed after {} samples: {}", video, target / 1000, sampledFrames, firstLine(e));
                return end(false);
            }
        }
        return end(false);
    }

    private SampledFrame decodeForwardTo(long target, long tolerance) throws FrameGrabber.Exception {
        boolean convert = previousTime + frameMicros >= target - tolerance;
        while (true) {
            Frame frame = grabber.grabFrame(false, true, convert, false, false);
            if (frame == null) {
                return null;
            }
            if (frame.image == null) {
                continue;
            }
            decodedFrames++;
            long time = frame.timestamp;
            if (time >= target - tolerance && convert) {
                return sample(frame);
            }
            previousTime = time;
            convert = time >= target - tolerance || time + frameMicros >= target - tolerance;
        }
    }

    private SampledFrame sample(Frame frame) {
        convertedFrames++;
        previousTime = frame.timestamp;
        lastTime = Math.max(lastTime, frame.timestamp);
        return new SampledFrame(upright(converter.convert(frame)), sampledFrames++, frame.timestamp);
    }

    /** The time of the last keyframe at or before {@code micros} per the container's index; {@code Long.MAX_VALUE} when unknown. */
    private long keyframeAtOrBefore(long micros) {
        int at = java.util.Arrays.binarySearch(keyframeMicros, micros);
        int index = at >= 0 ? at : -at - 2;
        return index >= 0 ? keyframeMicros[index] : Long.MAX_VALUE;
    }

    /** The video stream's keyframe times in microseconds from its start, sorted, from the container's index. */
    private static long[] keyframeTimes(AVFormatContext context) {
        for (int s = 0; s < context.nb_streams(); s++) {
            AVStream stream = context.streams(s);
            if (stream.codecpar().codec_type() != AVMEDIA_TYPE_VIDEO || stream.time_base().den() <= 0) {
                continue;
            }
            long start = stream.start_time() == avutil.AV_NOPTS_VALUE ? 0 : stream.start_time();
            int entries = avformat_index_get_entries_count(stream);
            long[] times = new long[entries];
            int count = 0;
            for (int i = 0; i < entries; i++) {
                AVIndexEntry entry = avformat_index_get_entry(stream, i);
                if (entry != null && !entry.isNull() && (entry.flags() & KEYFRAME_FLAG) != 0) {
                    times[count++] = (entry.timestamp() - start) * 1_000_000L * stream.time_base().num() / stream.time_base().den();
                }
            }
            long[] keyframes = java.util.Arrays.copyOf(times, count);
            java.util.Arrays.sort(keyframes);
            return keyframes;
        }
        return new long[0];
    }

    private SampledFrame end(boolean reachedEnd) throws InvalidVideoException {
        ended = true;
        if (decodedFrames == 0) {
            throw new InvalidVideoException("%s contains no decodable video frame".formatted(video));
        }
        if (reachedEnd && videoDurationMicros > 0) {
            long missing = videoDurationMicros - lastTime;
            if (missing > 500_000 + videoDurationMicros / 10) {
                throw new InvalidVideoException("%s is truncated or damaged: decoding ended at %d ms of its %d ms"
                        .formatted(video, lastTime / 1000, videoDurationMicros / 1000));
            }
        }
        return null;
    }

    private Mat upright(Mat mat) {
        if (rotateCode < 0) {
            return mat;
        }
        rotate(mat, rotated, rotateCode);
        return rotated;
    }

    /** Clockwise degrees (0, 90, 180, 270) to turn decoded frames upright, from FFmpeg's counter-clockwise display rotation. */
    static int clockwiseRotation(double displayRotation) {
        if (!Double.isFinite(displayRotation)) {
            return 0;
        }
        long quarterTurns = Math.round(-displayRotation / 90.0);
        return Math.floorMod(quarterTurns * 90, 360);
    }

    /** How far into the video sampling has got: the last frame's time, or the range's start before any. */
    public long position() {
        return previousTime == NO_TIME ? range.startMicros() : Math.max(range.startMicros(), lastTime);
    }

    public int decodedFrames() {
        return decodedFrames;
    }

    /** Seeks made (long videos: one per sample). */
    public int seeks() {
        return seeks;
    }

    /** Whether this video is sampled by seeking (a long video), not by decoding it whole. */
    public boolean seeking() {
        return seeking;
    }

    public int convertedFrames() {
        return convertedFrames;
    }

    public int rotationDegrees() {
        return rotationDegrees;
    }

    public long intervalMicros() {
        return intervalMicros;
    }

    /** The video's duration in microseconds as its video stream declares it, or 0 when unknown. */
    public long durationMicros() {
        return videoDurationMicros;
    }

    public int width() {
        return rotationDegrees % 180 == 0 ? grabber.getImageWidth() : grabber.getImageHeight();
    }

    public int height() {
        return rotationDegrees % 180 == 0 ? grabber.getImageHeight() : grabber.getImageWidth();
    }

    public String codec() {
        return grabber.getVideoCodecName();
    }

    @Override
    public void close() {
        closeQuietly(grabber);
        converter.close();
        rotated.close();
    }

    private static void overLimit(String problem) throws VideoOverLimitException {
        if (problem != null) {
            throw new VideoOverLimitException(problem);
        }
    }

    private static long fileSize(Path video) throws InvalidVideoException {
        try {
            if (!Files.isRegularFile(video)) {
                throw new InvalidVideoException(video + " is not a regular file");
            }
            long size = Files.size(video);
            if (size == 0) {
                throw new InvalidVideoException(video + " is empty (0 bytes)");
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new InvalidVideoException(video + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidVideoException("cannot read " + video + ": " + e, e);
        }
    }

    /** The largest byte offset any stream's index refers to (0 when the container has no index). */
    private static long indexEnd(AVFormatContext context) {
        long end = 0;
        for (int s = 0; s < context.nb_streams(); s++) {
            AVStream stream = context.streams(s);
            int entries = avformat_index_get_entries_count(stream);
            if (entries > 0) {
                AVIndexEntry last = avformat_index_get_entry(stream, entries - 1);
                if (last != null && !last.isNull()) {
                    end = Math.max(end, last.pos() + Math.max(0, last.size()));
                }
            }
        }
        return end;
    }

    private static long videoStreamDurationMicros(AVFormatContext context) {
        for (int s = 0; s < context.nb_streams(); s++) {
            AVStream stream = context.streams(s);
            if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && stream.duration() > 0
                    && stream.time_base().den() > 0) {
                return stream.duration() * 1_000_000L * stream.time_base().num() / stream.time_base().den();
            }
        }
        return 0;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline))
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .replace(" (Has setFormat() been called?)", "");
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("closing the grabber failed", e);
        }
    }
}
