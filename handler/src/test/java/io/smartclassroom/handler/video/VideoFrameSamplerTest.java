package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.NORM_L1;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.smartclassroom.handler.face.TestAssets;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which frames get examined, how little is decoded, rotation, and refusing what is not a video. */
class VideoFrameSamplerTest {
    private static final VideoSamplingPolicy TWO_FPS = VideoSamplingPolicy.withSampleFps(2);

    @TempDir
    Path temp;

    private static Path clip(String name) {
        return TestAssets.require("course/test_case_1/" + name);
    }

    private static List<Long> sampleTimes(Path video, VideoSamplingPolicy policy) throws Exception {
        List<Long> times = new ArrayList<>();
        try (VideoFrameSampler sampler = VideoFrameSampler.open(video, policy)) {
            SampledFrame frame;
            while ((frame = sampler.next()) != null) {
                assertThat(frame.index()).isEqualTo(times.size());
                assertThat(frame.bgr().empty()).isFalse();
                times.add(frame.timestampMicros());
            }
        }
        return times;
    }

    @Test
    void examinesAboutTwoFramesPerSecondDecodingOnlyTheReferenceFrames() throws Exception {
        // test_1: 63 frames of 1080p30 H.264 with B-frames, 2.1 s long.
        try (VideoFrameSampler sampler = VideoFrameSampler.open(clip("test_1.mp4"), TWO_FPS)) {
            List<Long> times = new ArrayList<>();
            SampledFrame frame;
            while ((frame = sampler.next()) != null) {
                times.add(frame.timestampMicros());
            }
            assertThat(times).hasSizeBetween(4, 5).startsWith(0L);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).isBetween(350_000L, 650_000L);
            }
            assertThat(sampler.decodedFrames()).as("B-frames are not decoded").isLessThan(63 / 2);
            assertThat(sampler.convertedFrames()).as("only examined frames are converted to BGR").isLessThanOrEqualTo(times.size() + 1);
            assertThat(sampler.width()).isEqualTo(1920);
            assertThat(sampler.rotationDegrees()).isZero();
        }
    }

    @Test
    void aShortClipStillGivesSeveralFrames() throws Exception {
        // test_7 is 1.04 s: 2 fps alone would examine 2 frames; the policy asks for at least 3.
        List<Long> times = sampleTimes(clip("test_7.mp4"), TWO_FPS);
        assertThat(times).hasSizeGreaterThanOrEqualTo(3).startsWith(0L);
        assertThat(times.get(2)).isLessThan(1_000_000L);
    }

    @Test
    void aClipOfAFewFramesIsExaminedWhole() throws Exception {
        Path threeFrames = TestClips.noise(temp.resolve("three.mp4"), 0.25);
        assertThat(sampleTimes(threeFrames, TWO_FPS)).hasSize(3);
        Path oneFrame = TestClips.noise(temp.resolve("one.mp4"), 1 / 12.0);
        assertThat(sampleTimes(oneFrame, TWO_FPS)).containsExactly(0L);
    }

    @Test
    void turnsPhoneVideosUprightFromTheirDisplayRotation() throws Exception {
        Path sideways = TestClips.storedSideways(clip("test_7.mp4"), temp.resolve("portrait.mp4"), 640);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        try (FFmpegFrameGrabber original = new FFmpegFrameGrabber(clip("test_7.mp4").toFile());
                VideoFrameSampler sampler = VideoFrameSampler.open(sideways, TWO_FPS);
                Mat expected = new Mat(); Mat upsideDown = new Mat(); Size size = new Size(640, 360)) {
            original.start();
            resize(converter.convert(original.grabImage()), expected, size, 0, 0, INTER_AREA);
            assertThat(sampler.rotationDegrees()).isEqualTo(90);
            Mat upright = sampler.next().bgr();
            assertThat(upright.cols()).isEqualTo(640);
            assertThat(upright.rows()).isEqualTo(360);
            rotate(expected, upsideDown, ROTATE_180);
            double pixels = 640 * 360 * 3;
            double difference = norm(upright, expected, NORM_L1, null) / pixels;
            assertThat(difference).as("mean absolute difference to the upright original").isLessThan(12);
            assertThat(norm(upright, upsideDown, NORM_L1, null) / pixels).isGreaterThan(3 * difference);
        }
    }

    @Test
    void anEmptyFileIsNotAVideo() throws Exception {
        Path empty = Files.createFile(temp.resolve("empty.mp4"));
        assertThatThrownBy(() -> VideoFrameSampler.open(empty, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessage(empty + " is empty (0 bytes)");
    }

    @Test
    void aTextFileNamedMp4IsNotAVideo() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.mp4"), "attendance: everyone\n");
        assertThatThrownBy(() -> VideoFrameSampler.open(text, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageStartingWith(text + " is not a decodable video (21 bytes)");
    }

    @Test
    void aTruncatedMp4IsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(clip("test_0.mp4"));
        Path half = Files.write(temp.resolve("half.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> VideoFrameSampler.open(half, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining(half + " is truncated: its index refers to " + whole.length + " bytes but the file has " + whole.length / 2);
        Path head = Files.write(temp.resolve("head.mp4"), java.util.Arrays.copyOf(whole, 1000));
        assertThatThrownBy(() -> VideoFrameSampler.open(head, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining(head.toString());
    }

    @Test
    void aPhotoOrAMissingFileIsNotAVideo() throws Exception {
        Path photo = Files.createSymbolicLink(temp.resolve("photo.mp4"), TestAssets.require("faces/obama/obama1.jpg"));
        assertThatThrownBy(() -> VideoFrameSampler.open(photo, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining("is a still image");
        assertThatThrownBy(() -> VideoFrameSampler.open(temp.resolve("none.mp4"), TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void displayRotationIsReadAsFfmpegDoes() {
        assertThat(VideoFrameSampler.clockwiseRotation(-90)).isEqualTo(90);
        assertThat(VideoFrameSampler.clockwiseRotation(90)).isEqualTo(270);
        assertThat(VideoFrameSampler.clockwiseRotation(180)).isEqualTo(180);
        assertThat(VideoFrameSampler.clockwiseRotation(-0.0)).isZero();
        assertThat(VideoFrameSampler.clockwiseRotation(Double.NaN)).isZero();
    }
}
