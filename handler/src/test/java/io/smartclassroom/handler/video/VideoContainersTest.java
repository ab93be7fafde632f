package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.handler.cli.HandlerCli;
import io.smartclassroom.handler.face.TestAssets;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * FFmpeg boxed in: a text file that makes FFmpeg open other files (an HLS playlist, an ffconcat script) is refused
 * as a container not accepted, by the sampler and by the {@code frame} command, and the file it lists is never
 * decoded; real videos still open.
 */
class VideoContainersTest {
    private static final VideoSamplingPolicy TWO_FPS = VideoSamplingPolicy.withSampleFps(2);

    @TempDir
    Path temp;

    /** What the crafted files list: real decodable local files (HLS segments are MPEG-TS). */
    private Path listed;
    private Path listedSegment;

    @BeforeEach
    void realDecodableLocalFiles() throws Exception {
        listed = TestClips.noise(temp.resolve("secret.mp4"), 1);
        listedSegment = TestClips.noise(temp.resolve("secret.ts"), 1, "mpegts");
    }

    private Path playlist() throws Exception {
        // 150 bytes or so: the attack as reported
        return Files.writeString(temp.resolve("lecture.m3u8"), """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXTINF:1.0,
                %s
                #EXT-X-ENDLIST
                """.formatted(listedSegment.toAbsolutePath()));
    }

    private Path concatScript() throws Exception {
        return Files.writeString(temp.resolve("lecture.mp4"), "ffconcat version 1.0\nfile secret.mp4\n");
    }

    @Test
    void theCraftedFilesReallyMakeAnUnboxedFfmpegDecodeTheFileTheyList() throws Exception {
        // Without the whitelists both files decode the listed one: this is the attack the boxing stops.
        for (Path crafted : List.of(playlist(), concatScript())) {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(crafted.toFile())) {
                grabber.start();
                assertThat(grabber.grabImage()).as("unboxed FFmpeg decodes what %s lists", crafted.getFileName()).isNotNull();
                assertThat(grabber.getImageWidth()).isEqualTo(320);
            }
        }
    }

    @Test
    void anHlsPlaylistIsRefusedAsAContainerNotAccepted() throws Exception {
        Path crafted = playlist();
        assertThat(Files.size(crafted)).isLessThan(200);

        assertThatThrownBy(() -> VideoFrameSampler.open(crafted, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining("is not a decodable video")
                .hasMessageContaining("container 'hls' not accepted");
    }

    @Test
    void anFfconcatScriptNamedMp4IsRefusedAsAContainerNotAccepted() throws Exception {
        Path crafted = concatScript();

        assertThatThrownBy(() -> VideoFrameSampler.open(crafted, TWO_FPS))
                .isInstanceOf(InvalidVideoException.class)
                .hasMessageContaining("is not a decodable video")
                .hasMessageContaining("container 'concat' not accepted");
    }

    @Test
    void theWhitelistsAloneStopAGrabberFromOpeningEither() throws Exception {
        // Defence in depth: even without the probe, a grabber boxed in cannot open them.
        for (Path crafted : List.of(playlist(), concatScript())) {
            try (FFmpegFrameGrabber grabber = VideoContainers.boxIn(new FFmpegFrameGrabber(crafted.toFile()))) {
                assertThatThrownBy(grabber::start).as(crafted.getFileName().toString())
                        .isInstanceOf(FrameGrabber.Exception.class);
            }
        }
    }

    @Test
    void theFrameCommandRefusesThemAndWritesNoImage() throws Exception {
        for (Path crafted : List.of(playlist(), concatScript())) {
            Path image = temp.resolve(crafted.getFileName() + ".jpg");
            StringWriter err = new StringWriter();
            int code = new CommandLine(new HandlerCli()).setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err)).execute("frame", crafted.toString(), image.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("not accepted");
            assertThat(image).doesNotExist();
        }
    }

    @Test
    void theCourseClipsAndAGeneratedClipStillOpenAndDecode() throws Exception {
        VideoContainers.Header generated = VideoContainers.probe(listed);
        assertThat(generated.format()).contains("mp4");
        assertThat(generated.durationMicros()).isBetween(900_000L, 1_100_000L);

        for (String name : List.of("test_0.mp4", "test_1.mp4", "test_2.mp4", "test_4.mp4", "test_5.mp4", "test_6.mp4",
                "test_7.mp4", "test_8.mp4")) {
            Path clip = TestAssets.require("course/test_case_1/" + name);
            VideoContainers.Header header = VideoContainers.probe(clip);
            assertThat(header.format()).as(name).contains("mp4");
            assertThat(header.pixels()).as(name).isPositive();
            assertThat(header.durationMicros()).as(name).isPositive();
            try (VideoFrameSampler sampler = VideoFrameSampler.open(clip, TWO_FPS)) {
                assertThat(sampler.next()).as(name).isNotNull();
            }
        }
    }
}
