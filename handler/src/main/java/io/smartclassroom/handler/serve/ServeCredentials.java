package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

/**
 * The credentials callers of the local invoke endpoint must sign their requests with (AWS Signature
 * Version 4): those of the local cloud of this run. {@link #toString()} does not show the secret.
 */
public record ServeCredentials(String accessKeyId, String secretAccessKey) {
    public ServeCredentials {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("the access key id is empty");
        }
        if (secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("the secret access key is empty");
        }
    }

    @Override
    public String toString() {
        return "ServeCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
}
