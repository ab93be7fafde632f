package io.smartclassroom.handler.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Makes test clips with FFmpeg (JavaCV's recorder) in a temporary folder: re-encodings, compositions, noise. */
public final class TestClips {
    /** One output frame from the source frame(s); returns the Mat to record. */
    interface FrameTransform {
        Mat apply(Mat frame);
    }

    private TestClips() {}

    /** H.264 (OpenH264) at {@code bitrate}, the only H.264 encoder in JavaCV's LGPL FFmpeg build. */
    public static Consumer<FFmpegFrameRecorder> h264(int bitrate) {
        return recorder -> {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setVideoBitrate(bitrate);
        };
    }

    /** MPEG-4 part 2 at a fixed quantiser (31 is the coarsest). */
    public static Consumer<FFmpegFrameRecorder> mpeg4(int quantiser) {
        return recorder -> {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setVideoQuality(quantiser);
        };
    }

    /** The source scaled to {@code width} (height keeps the aspect ratio), each frame's pixels times {@code brightness}. */
    public static Path reencode(Path source, Path out, String format, int width, double brightness,
            Consumer<FFmpegFrameRecorder> codec) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            int height = (int) Math.round((double) grabber.getImageHeight() * width / grabber.getImageWidth()) / 2 * 2;
            try (Mat scaled = new Mat(); Mat adjusted = new Mat(); Size size = new Size(width, height)) {
                record(out, format, width, height, grabber.getFrameRate(), codec, 0, recorder -> {
                    copyFrames(grabber, Double.MAX_VALUE, recorder, frame -> {
                        resize(frame, scaled, size, 0, 0, INTER_AREA);
                        if (brightness == 1) {
                            return scaled;
                        }
                        scaled.convertTo(adjusted, -1, brightness, 0);
                        return adjusted;
                    });
                });
            }
        }
        return out;
    }

    /** Two clips side by side, each scaled to {@code width}×{@code height}, until the shorter ends. */
    public static Path sideBySide(Path left, Path right, Path out, int width, int height) throws Exception {
        OpenCVFrameConverter.ToMat leftConverter = new OpenCVFrameConverter.ToMat();
        OpenCVFrameConverter.ToMat rightConverter = new OpenCVFrameConverter.ToMat();
        OpenCVFrameConverter.ToMat outConverter = new OpenCVFrameConverter.ToMat();
        try (FFmpegFrameGrabber a = new FFmpegFrameGrabber(left.toFile()); FFmpegFrameGrabber b = new FFmpegFrameGrabber(right.toFile());
                Mat leftScaled = new Mat(); Mat rightScaled = new Mat(); Mat joined = new Mat(); Size size = new Size(width, height)) {
            a.start();
            b.start();
            record(out, "mp4", 2 * width, height, a.getFrameRate(), mpeg4(4), 0, recorder -> {
                Frame fa;
                Frame fb;
                while ((fa = a.grabImage()) != null && (fb = b.grabImage()) != null) {
                    resize(leftConverter.convert(fa), leftScaled, size, 0, 0, INTER_AREA);
                    resize(rightConverter.convert(fb), rightScaled, size, 0, 0, INTER_AREA);
                    hconcat(leftScaled, rightScaled, joined);
                    recorder.record(outConverter.convert(joined));
                }
            });
        }
        return out;
    }

    /** The first {@code firstSeconds} of one clip, then the whole of another, both scaled to {@code width}×{@code height}. */
    public static Path oneAfterTheOther(Path first, double firstSeconds, Path second, Path out, int width, int height) throws Exception {
        try (FFmpegFrameGrabber a = new FFmpegFrameGrabber(first.toFile()); FFmpegFrameGrabber b = new FFmpegFrameGrabber(second.toFile());
                Mat scaled = new Mat(); Size size = new Size(width, height)) {
            a.start();
            b.start();
            FrameTransform scale = frame -> {
                resize(frame, scaled, size, 0, 0, INTER_AREA);
                return scaled;
            };
            record(out, "mp4", width, height, a.getFrameRate(), mpeg4(4), 0, recorder -> {
                copyFrames(a, firstSeconds, recorder, scale);
                copyFrames(b, Double.MAX_VALUE, recorder, scale);
            });
        }
        return out;
    }

    /**
     * The clip as a phone records a portrait video: frames stored turned a quarter counter-clockwise,
     * with display-rotation metadata telling players to turn them a quarter clockwise (what FFmpeg
     * reports as a -90° display rotation, i.e. the {@code rotate=90} tag of phone videos).
     */
    public static Path storedSideways(Path source, Path out, int width) throws Exception {
        return storedSideways(source, out, width, -90);
    }

    /** The same frames with the given display rotation: 0 writes none, as some converters and apps do. */
    public static Path storedSideways(Path source, Path out, int width, double displayRotation) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            int height = (int) Math.round((double) grabber.getImageHeight() * width / grabber.getImageWidth()) / 2 * 2;
            try (Mat scaled = new Mat(); Mat turned = new Mat(); Size size = new Size(width, height)) {
                record(out, "mp4", height, width, grabber.getFrameRate(), mpeg4(4), displayRotation, recorder ->
                        copyFrames(grabber, Double.MAX_VALUE, recorder, frame -> {
                            resize(frame, scaled, size, 0, 0, INTER_AREA);
                            rotate(scaled, turned, ROTATE_90_COUNTERCLOCKWISE);
                            return turned;
                        }));
            }
        }
        return out;
    }

    /** {@code seconds} of random noise at 12 fps: a video with no face. */
    public static Path noise(Path out, double seconds) throws Exception {
        return noise(out, seconds, "mp4");
    }

    /** Like {@link #noise(Path, double)} in another container ({@code mpegts}, {@code matroska}...). */
    public static Path noise(Path out, double seconds, String format) throws Exception {
        try (Mat frame = new Mat(240, 320, CV_8UC3); Mat low = new Mat(1, 1, CV_8UC1, new Scalar(0.0));
                Mat high = new Mat(1, 1, CV_8UC1, new Scalar(255.0))) {
            OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
            record(out, format, 320, 240, 12, mpeg4(4), 0, recorder -> {
                for (int i = 0; i < seconds * 12; i++) {
                    randu(frame, low, high);
                    recorder.record(converter.convert(frame));
                }
            });
        }
        return out;
    }

    private interface Recording {
        void run(FFmpegFrameRecorder recorder) throws Exception;
    }

    private static void record(Path out, String format, int width, int height, double frameRate,
            Consumer<FFmpegFrameRecorder> codec, double displayRotation, Recording recording) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0)) {
            recorder.setFormat(format);
            recorder.setFrameRate(frameRate > 0 ? frameRate : 24);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            codec.accept(recorder);
            if (displayRotation != 0) {
                recorder.setDisplayRotation(displayRotation);
            }
            recorder.start();
            recording.run(recorder);
            recorder.stop();
        }
    }

    private static void copyFrames(FFmpegFrameGrabber grabber, double seconds, FFmpegFrameRecorder recorder,
            FrameTransform transform) throws Exception {
        OpenCVFrameConverter.ToMat in = new OpenCVFrameConverter.ToMat();
        OpenCVFrameConverter.ToMat out = new OpenCVFrameConverter.ToMat();
        long first = -1;
        Frame frame;
        while ((frame = grabber.grabImage()) != null) {
            if (first < 0) {
                first = frame.timestamp;
            }
            if (frame.timestamp - first >= seconds * 1_000_000) {
                break;
            }
            recorder.record(out.convert(transform.apply(in.convert(frame))));
        }
    }
}
