package io.smartclassroom.handler;

/** The function was invoked with a payload that is not an S3 event notification. */
public final class NotAnS3EventException extends RuntimeException {
    public NotAnS3EventException(String message, Throwable cause) {
        super(message, cause);
    }
}
