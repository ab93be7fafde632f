package io.smartclassroom.handler.pipeline;

/** The object is not a video that can be decoded (empty, truncated, corrupt or another kind of file). */
public final class UndecodableVideoException extends VideoProcessingException {
    public UndecodableVideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
