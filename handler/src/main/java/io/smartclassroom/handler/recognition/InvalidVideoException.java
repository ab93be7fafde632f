package io.smartclassroom.handler.recognition;

/** The input is not a video that can be decoded: empty, truncated, corrupt or another kind of file. */
public final class InvalidVideoException extends Exception {
    public InvalidVideoException(String message) {
        super(message);
    }

    public InvalidVideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
