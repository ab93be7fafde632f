package io.smartclassroom.handler.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.video.VideoContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code handler.jar frame --position 0.9 VIDEO OUT.jpg}: saves one frame of a video as an image, e.g.
 * to make an enrollment photo from a student's clip.
 */
@Command(name = "frame", mixinStandardHelpOptions = true,
        description = "Save the frame at a relative position of a video (0 = first, 1 = last) as an image.")
public final class FrameCommand implements Callable<Integer> {

    @Option(names = "--position", defaultValue = "0.9",
            description = "Where in the video, from 0 (first frame) to 1 (last frame) (default: ${DEFAULT-VALUE}).")
    private double position;

    @Parameters(index = "0", paramLabel = "VIDEO", description = "The video file.")
    private Path video;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "The image to write (.jpg or .png).")
    private Path image;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (position < 0 || position > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--position must be between 0 and 1");
        }
        if (!Files.isRegularFile(video)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such video: " + video);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try {
            VideoContainers.probe(video);
        } catch (InvalidVideoException e) {
            spec.commandLine().getErr().println("frame: " + e.getMessage());
            return 1;
        }
        try (FFmpegFrameGrabber grabber = VideoContainers.boxIn(new FFmpegFrameGrabber(video.toFile()));
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            int frames = Math.max(1, grabber.getLengthInVideoFrames());
            int target = (int) Math.min(frames - 1, Math.round(position * (frames - 1)));
            Frame last = null;
            for (int index = 0; index <= target; index++) {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                last = frame;
            }
            if (last == null) {
                spec.commandLine().getErr().println("frame: " + video + " has no decodable video frame");
                return 1;
            }
            Mat mat = converter.convert(last);
            Path parent = image.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!imwrite(image.toString(), mat)) {
                spec.commandLine().getErr().println("frame: could not write " + image);
                return 1;
            }
            spec.commandLine().getOut().println(image);
            return 0;
        }
    }
}
