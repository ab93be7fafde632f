package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FfmpegErrorsTest {
    @Test
    void knownCodesBecomeSentences() {
        assertThat(FfmpegErrors.sentence(FfmpegErrors.INVALID_DATA)).contains("is not a video container FFmpeg knows");
        assertThat(FfmpegErrors.sentence(FfmpegErrors.END_OF_FILE)).contains("ends before any video data (empty or truncated)");
        assertThat(FfmpegErrors.sentence(FfmpegErrors.ENOENT)).contains("does not exist where FFmpeg looked for it");
        assertThat(FfmpegErrors.sentence(FfmpegErrors.DEMUXER_NOT_FOUND)).contains("is in a container format FFmpeg has no demuxer for");
        assertThat(FfmpegErrors.sentence(-424242)).isEmpty();
    }

    @Test
    void findsTheCodeOrTheErrorTextInADecoderMessage() {
        assertThat(FfmpegErrors.sentenceIn("avformat_open_input() error -1094995529: Could not open input \"/tmp/v.mp4\""))
                .contains("is not a video container FFmpeg knows");
        assertThat(FfmpegErrors.sentenceIn("/tmp/v.mp4 is not a decodable video (7 bytes): End of file"))
                .contains("ends before any video data (empty or truncated)");
        assertThat(FfmpegErrors.sentenceIn("av_read_frame() error -541478725")).contains("ends before any video data (empty or truncated)");
        assertThat(FfmpegErrors.sentenceIn("/tmp/v.mp4 is a still image (png_pipe), not a video")).isEmpty();
    }
}
