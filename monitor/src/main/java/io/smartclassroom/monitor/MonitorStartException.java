package io.smartclassroom.monitor;

/** The monitor cannot start, e.g. its queue does not exist; the message is a one-line reason. */
public final class MonitorStartException extends RuntimeException {
    public MonitorStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
