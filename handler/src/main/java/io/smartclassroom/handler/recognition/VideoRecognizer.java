package io.smartclassroom.handler.recognition;

import io.smartclassroom.handler.video.TimeRange;
import io.smartclassroom.handler.video.VideoAnalysis;
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

    /**
     * Examines {@code range} of the video with the per-student detail, calling {@code budget.check} before each
     * sampled frame. Recognizers that cannot analyse a time range do not override it.
     *
     * @throws InvalidVideoException as {@link #recognize}
     * @throws TimeBudget.OutOfTimeException when the budget runs out first
     * @throws UnsupportedOperationException when this recognizer only recognises whole videos
     */
    default VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        throw new UnsupportedOperationException(getClass().getName() + " does not analyse time ranges");
    }

    @Override
    void close();
}
