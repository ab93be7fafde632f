package io.smartclassroom.handler.recognition;

import io.smartclassroom.handler.video.VideoAnalysis;
import java.nio.file.Path;

/**
 * Decides who is in a video file. An instance owns native OpenCV networks, which are not thread-safe:
 * use one instance per thread, and close it.
 */
public interface VideoRecognizer extends AutoCloseable {

    /**
     * Examines the video: who is in it, when and how well each was seen, the evidence image of each one's
     * best match, and the work done.
     *
     * @throws InvalidVideoException when the file is not a decodable video (empty, corrupt, not a video)
     */
    VideoAnalysis analyze(Path video) throws InvalidVideoException;

    /**
     * Examines the video and returns who is in it.
     *
     * @throws InvalidVideoException when the file is not a decodable video (empty, corrupt, not a video)
     */
    default RecognitionResult recognize(Path video) throws InvalidVideoException {
        return analyze(video).toResult();
    }

    @Override
    void close();
}
