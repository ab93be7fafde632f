package io.smartclassroom.handler.pipeline;

/** The video named by the event is not (or no longer) in its bucket. */
public final class VideoNotFoundException extends VideoProcessingException {
    public VideoNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
