package io.smartclassroom.handler.face;

/**
 * An encodings file cannot be used: it is missing or malformed, or it was made with another recognition
 * model than the one loaded (embeddings of different models are not comparable).
 */
public final class InvalidEncodingsException extends RuntimeException {
    public InvalidEncodingsException(String message) {
        super(message);
    }

    public InvalidEncodingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
