package io.smartclassroom.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.smartclassroom.handler.face.TestAssets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FrameCommandTest {
    @TempDir
    Path dir;

    @Test
    void savesTheFrameNearTheEndOfAClipAsAnEnrollablePhoto() throws Exception {
        Path clip = TestAssets.require("course/test_case_1/test_2.mp4");
        Path photo = dir.resolve("enroll/mr_bean.jpg");

        int code = execute("frame", "--position", "0.9", clip.toString(), photo.toString());

        assertThat(code).isZero();
        Mat image = imread(photo.toString());
        assertThat(image.empty()).isFalse();
        assertThat(image.cols()).isGreaterThan(0);
        // the photo enrolls: exactly one face, named after the file
        Path encodings = dir.resolve("encodings.json");
        assertThat(execute("enroll", "--images", photo.getParent().toString(), "--out", encodings.toString(),
                "--models-dir", TestAssets.modelsDir().toString(), "--model", TestAssets.STAND_IN_MODEL)).isZero();
        assertThat(Files.readString(encodings)).contains("mr_bean");
    }

    @Test
    void refusesSomethingThatIsNotAVideo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        assertThat(execute("frame", text.toString(), dir.resolve("x.jpg").toString())).isNotZero();
        assertThat(dir.resolve("x.jpg")).doesNotExist();
        assertThat(execute("frame", "--position", "2", text.toString(), dir.resolve("x.jpg").toString())).isEqualTo(2);
    }

    private static int execute(String... args) {
        return new CommandLine(new HandlerCli())
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter()))
                .execute(args);
    }
}
