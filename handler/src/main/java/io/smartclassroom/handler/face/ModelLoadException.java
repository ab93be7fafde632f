package io.smartclassroom.handler.face;

/**
 * A face model cannot be used: its file is missing or is not the pinned file (SHA-256 mismatch), its
 * descriptor is invalid, or OpenCV cannot load it. The message names the file, the expected SHA-256
 * and where to get the file.
 */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
