package io.smartclassroom.handler.face;

/** A photo cannot be used: unreadable, not an image, or (for enrolment) without exactly one clear face. */
public final class InvalidPhotoException extends RuntimeException {
    public InvalidPhotoException(String message) {
        super(message);
    }
}
