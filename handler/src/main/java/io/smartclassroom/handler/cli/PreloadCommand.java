package io.smartclassroom.handler.cli;

import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_objdetect;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code handler.jar preload}: loads the native libraries once, which unpacks them into JavaCPP's cache
 * folder ({@code -Dorg.bytedeco.javacpp.cachedir}); the container image runs it at build time so that
 * a cold start finds them unpacked.
 */
@Command(name = "preload", mixinStandardHelpOptions = true,
        description = "Load (and so unpack into the JavaCPP cache) the FFmpeg and OpenCV native libraries.")
public final class PreloadCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        Class<?>[] natives = {
            avformat.class, avcodec.class, swscale.class,
            opencv_imgcodecs.class, opencv_dnn.class, opencv_objdetect.class
        };
        for (Class<?> library : natives) {
            Loader.load(library);
        }
        spec.commandLine().getOut().println("loaded " + natives.length + " native libraries into "
                + Loader.getCacheDir());
        return 0;
    }
}
