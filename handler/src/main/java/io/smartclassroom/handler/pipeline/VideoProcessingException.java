package io.smartclassroom.handler.pipeline;

/**
 * A video that cannot be turned into a CSV. Thrown out of the function, it becomes a function error
 * whose {@code errorType} is the class name and whose {@code errorMessage} says which video and why.
 */
public class VideoProcessingException extends RuntimeException {
    public VideoProcessingException(String message) {
        super(message);
    }

    public VideoProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
