package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.smartclassroom.handler.recognition.InvalidVideoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * A video's duration from its container's header (an MP4's {@code moov}), read by FFmpeg's demuxer without
 * decoding a frame (no {@code avformat_find_stream_info}): milliseconds even for an hour of 1080p. Only local
 * files are opened ({@code protocol_whitelist=file}).
 */
public final class VideoProbe {
    private VideoProbe() {}

    /**
     * The video stream's declared duration in microseconds, else the container's, else 0 (unknown, e.g. a raw
     * stream without a header that says).
     *
     * @throws InvalidVideoException when FFmpeg cannot open the file as a container
     */
    public static long durationMicros(Path video) throws InvalidVideoException {
        requireNonNull(video, "video");
        if (!Files.isRegularFile(video)) {
            throw new InvalidVideoException(video + " is not a regular file");
        }
        VideoFrameSampler.loadNativeLibraries();
        AVFormatContext context = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        avutil.av_dict_set(options, "protocol_whitelist", "file", 0);
        try {
            int error = avformat_open_input(context, video.toAbsolutePath().toString(), null, options);
            if (error < 0) {
                throw new InvalidVideoException("%s is not a video container FFmpeg can open (error %d: %s)"
                        .formatted(video, error, FfmpegErrors.sentence(error).orElse("unknown")));
            }
            try {
                for (int s = 0; s < context.nb_streams(); s++) {
                    AVStream stream = context.streams(s);
                    if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && stream.duration() > 0
                            && stream.time_base().den() > 0) {
                        return stream.duration() * 1_000_000L * stream.time_base().num() / stream.time_base().den();
                    }
                }
                long duration = context.duration(); // AV_TIME_BASE: microseconds
                return duration == avutil.AV_NOPTS_VALUE || duration < 0 ? 0 : duration;
            } finally {
                avformat_close_input(context);
            }
        } finally {
            avutil.av_dict_free(options);
        }
    }
}
