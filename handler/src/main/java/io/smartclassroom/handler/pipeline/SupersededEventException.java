package io.smartclassroom.handler.pipeline;

/**
 * The event names a version of the video that is no longer the newest: the object was overwritten since (the
 * fetch's If-Match or versionId failed), or the result of a newer upload is already written. Nothing is lost
 * by acknowledging it: the newer upload has its own event. Not an error; the handler reports it as ignored.
 */
public final class SupersededEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SupersededEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public SupersededEventException(String message) {
        super(message);
    }
}
