package io.smartclassroom.handler.recognition;

import java.nio.file.Path;

/**
 * Decides who is in a video file. An instance owns native OpenCV networks, which are not thread-safe:
 * use one instance per thread, and close it.
 */
public interface VideoRecognizer extends AutoCloseable {

    /**
     * Examines the video and returns who is in it.
     *
     * @throws InvalidVideoException when the file is not a decodable video (empty, corrupt, not a video)
     */
    RecognitionResult recognize(Path video) throws InvalidVideoException;

    @Override
    void close();
}
