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

    /**
     * Examines {@code range} of the video with the per-student detail, calling {@code budget.check} before each
     * sampled frame. Recognizers that cannot analyse a time range do not override it: they examine the whole video
     * with {@link #analyze(Path)} (without checking the budget) and refuse any other range.
     *
     * @throws InvalidVideoException as {@link #recognize}
     * @throws TimeBudget.OutOfTimeException when the budget runs out first
     * @throws UnsupportedOperationException when this recognizer only recognises whole videos
     */
    default VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        if (range.equals(TimeRange.WHOLE)) {
            return analyze(video);
        }
        throw new UnsupportedOperationException(getClass().getName() + " does not analyse time ranges");
    }

    @Override
    void close();
}
