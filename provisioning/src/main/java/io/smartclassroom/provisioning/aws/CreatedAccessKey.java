package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

/**
 * An access key this run created. AWS shows the secret only in the CreateAccessKey response: it is kept in memory
 * and handed to the monitor's server, never printed, logged or written anywhere else ({@link #toString()} leaves
 * it out).
 */
public record CreatedAccessKey(String accessKeyId, String secretAccessKey) {
    public CreatedAccessKey {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "CreatedAccessKey[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
