package io.smartclassroom.e2e;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Videos made for a test, so that no extra asset is needed. */
final class TestVideos {
    private TestVideos() {}

    /** Two seconds of a plain grey 640×480 picture, H.264 in MP4: a real video with no face in it. */
    static Path noFace(Path file) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 640, 480, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
                Mat grey = new Mat(480, 640, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(128, 128, 128, 0))) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setFrameRate(15);
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            recorder.start();
            for (int i = 0; i < 30; i++) {
                Frame frame = converter.convert(grey);
                recorder.record(frame);
            }
            recorder.stop();
        }
        return file;
    }
}
