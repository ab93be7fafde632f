package io.smartclassroom.handler;

/** The function's environment is missing a setting or has one that cannot be used. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
