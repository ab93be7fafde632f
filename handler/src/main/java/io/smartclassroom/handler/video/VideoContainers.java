package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.smartclassroom.handler.recognition.InvalidVideoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The video containers the function accepts, and FFmpeg boxed in to them. FFmpeg can open far more than videos:
 * an HLS playlist ({@code .m3u8}) or an {@code ffconcat} script names other files, which FFmpeg then opens and
 * decodes, so an uploaded 150-byte text file could make the function read any file it can see. Every open of a
 * video therefore (1) identifies the container from the file's first bytes without letting FFmpeg open anything
 * ({@code av_probe_input_format}) and refuses one that is not {@link #ACCEPTED}, and (2) opens it with the
 * FFmpeg options {@code format_whitelist} ({@value #FORMAT_WHITELIST}) and {@code protocol_whitelist}
 * ({@value #PROTOCOL_WHITELIST}), so that nothing the container says can reach another demuxer or protocol.
 */
public final class VideoContainers {
    /** FFmpeg's demuxers for MP4/QuickTime (one demuxer, several names), Matroska/WebM and AVI. */
    public static final String FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi";
    /** Only local files: no network, no {@code concat:}, {@code subfile:}, {@code data:} or pipes. */
    public static final String PROTOCOL_WHITELIST = "file";
    /** The demuxer names accepted, as FFmpeg names them. */
    public static final List<String> ACCEPTED = List.of(FORMAT_WHITELIST.split(","));

    /** How much of the file's start the container is identified from (FFmpeg's own first probe reads 2 KiB). */
    private static final int PROBE_BYTES = 64 * 1024;

    private VideoContainers() {}

    /** Sets both whitelists on a grabber before its {@code start()}: it passes them to {@code avformat_open_input}. */
    public static FFmpegFrameGrabber boxIn(FFmpegFrameGrabber grabber) {
        requireNonNull(grabber, "grabber");
        grabber.setOption("format_whitelist", FORMAT_WHITELIST);
        grabber.setOption("protocol_whitelist", PROTOCOL_WHITELIST);
        return grabber;
    }

    /**
     * What a video's container says before any frame is decoded: the demuxer, the duration (the container's,
     * or its longest stream's) and the largest video stream's frame size; 0 where the header does not say.
     */
    public record Header(String format, long durationMicros, int width, int height) {
        public Header {
            requireNonNull(format, "format");
        }

        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * Checks that {@code video} is in an accepted container and reads its header (only the header: no frame is
     * decoded, nothing but the file is opened).
     *
     * @throws InvalidVideoException when the file is in no container FFmpeg recognises, in one not accepted (an
     *     HLS playlist, an ffconcat script, an image...), or cannot be opened as the container it claims to be
     */
    public static Header probe(Path video) throws InvalidVideoException {
        requireNonNull(video, "video");
        String format = acceptedFormat(video);
        AVFormatContext context = avformat.avformat_alloc_context();
        AVDictionary options = new AVDictionary(null);
        avutil.av_dict_set(options, "format_whitelist", FORMAT_WHITELIST, 0);
        avutil.av_dict_set(options, "protocol_whitelist", PROTOCOL_WHITELIST, 0);
        try {
            int ret = avformat.avformat_open_input(context, video.toAbsolutePath().toString(), null, options);
            if (ret < 0) {
                // avformat_open_input frees the context on failure
                context = null;
                throw new InvalidVideoException("%s is not a decodable video (%d bytes): avformat_open_input() error %d: it %s as %s"
                        .formatted(video, size(video), ret, FfmpegErrors.sentence(ret).orElse("cannot be opened"), format));
            }
            String opened = context.iformat().name().getString();
            long duration = context.duration() > 0 ? context.duration() : 0;
            int width = 0;
            int height = 0;
            for (int s = 0; s < context.nb_streams(); s++) {
                AVStream stream = context.streams(s);
                if (stream.duration() > 0 && stream.time_base().den() > 0) {
                    duration = Math.max(duration,
                            stream.duration() * 1_000_000L * stream.time_base().num() / stream.time_base().den());
                }
                AVCodecParameters codec = stream.codecpar();
                if (codec.codec_type() == AVMEDIA_TYPE_VIDEO
                        && (long) codec.width() * codec.height() > (long) width * height) {
                    width = codec.width();
                    height = codec.height();
                }
            }
            return new Header(opened, duration, width, height);
        } finally {
            avutil.av_dict_free(options);
            if (context != null) {
                avformat.avformat_close_input(context);
            }
        }
    }

    /**
     * The container FFmpeg identifies from the file's name and first bytes, without opening anything.
     *
     * @throws InvalidVideoException when it is none, or one not accepted
     */
    static String acceptedFormat(Path video) throws InvalidVideoException {
        byte[] start;
        try (InputStream in = Files.newInputStream(video)) {
            start = in.readNBytes(PROBE_BYTES);
        } catch (IOException e) {
            throw new InvalidVideoException("cannot read " + video + ": " + e, e);
        }
        Optional<String> format = identify(video, start);
        if (format.isEmpty()) {
            throw new InvalidVideoException("%s is not a decodable video (%d bytes): FFmpeg recognises no container in it (Invalid data found when processing input)"
                    .formatted(video, size(video)));
        }
        if (format.get().endsWith("_pipe") || format.get().equals("image2")) {
            throw new InvalidVideoException("%s is a still image (%s), not a video".formatted(video, format.get()));
        }
        if (Arrays.stream(format.get().split(",")).noneMatch(ACCEPTED::contains)) {
            throw new InvalidVideoException("%s is not a decodable video (%d bytes): container '%s' not accepted (accepted: MP4/QuickTime, Matroska/WebM, AVI)"
                    .formatted(video, size(video), format.get()));
        }
        return format.get();
    }

    private static long size(Path video) {
        try {
            return Files.size(video);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<String> identify(Path video, byte[] start) {
        AVProbeData probe = new AVProbeData();
        // FFmpeg's probes may read AVPROBE_PADDING_SIZE bytes past the end: they must be zeros
        BytePointer buffer = new BytePointer((long) start.length + avformat.AVPROBE_PADDING_SIZE);
        BytePointer name = new BytePointer(video.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            buffer.zero();
            buffer.put(start, 0, start.length);
            probe.buf(buffer).buf_size(start.length).filename(name);
            AVInputFormat format = avformat.av_probe_input_format(probe, 1);
            return format == null || format.isNull() ? Optional.empty() : Optional.of(format.name().getString());
        } finally {
            probe.buf(null).filename(null);
            probe.close();
            buffer.close();
            name.close();
        }
    }
}
