package io.smartclassroom.provisioning;

/** A resource that cannot be brought to the wanted state; the message says why and what to do. */
public final class ProvisioningException extends RuntimeException {
    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
