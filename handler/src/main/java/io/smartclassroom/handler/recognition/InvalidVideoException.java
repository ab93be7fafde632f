package io.smartclassroom.handler.recognition;

/**
 * The input is not a video that can be decoded: empty, truncated, corrupt or another kind of file; or one that is
 * not to be decoded ({@link VideoOverLimitException}).
 */
public sealed class InvalidVideoException extends Exception permits VideoOverLimitException {
    public InvalidVideoException(String message) {
        super(message);
    }

    public InvalidVideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
