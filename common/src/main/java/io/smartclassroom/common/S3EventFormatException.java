package io.smartclassroom.common;

/** A message body that is not an S3 event notification. The message says what is wrong. */
public final class S3EventFormatException extends Exception {
    public S3EventFormatException(String message) {
        super(message);
    }

    public S3EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
