package io.smartclassroom.handler.recognition;

/**
 * The video is over one of the {@link InputLimits} (duration, pixels per frame): found from its container's header,
 * before any frame is decoded. The message names the limit and the setting that raises it.
 */
public final class VideoOverLimitException extends InvalidVideoException {
    public VideoOverLimitException(String message) {
        super(message);
    }
}
