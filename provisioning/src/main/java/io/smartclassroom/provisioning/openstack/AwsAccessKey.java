package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS credentials the monitor uses on the server (the AWS side creates an IAM user for it). The secret and
 * the session token never appear in {@link #toString()}.
 */
public record AwsAccessKey(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9/+=]{16,}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9/+=]+");

    public AwsAccessKey {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
        requireNonNull(sessionToken, "sessionToken");
        if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            throw new IllegalArgumentException("AWS access key id must be 16-128 of A-Z 0-9");
        }
        if (!SECRET.matcher(secretAccessKey).matches()) {
            throw new IllegalArgumentException("AWS secret access key must be at least 16 of A-Z a-z 0-9 / + =");
        }
        if (sessionToken.isPresent() && !TOKEN.matcher(sessionToken.get()).matches()) {
            throw new IllegalArgumentException("AWS session token must be base64 (A-Z a-z 0-9 / + =)");
        }
    }

    public static AwsAccessKey of(String accessKeyId, String secretAccessKey) {
        return new AwsAccessKey(accessKeyId, secretAccessKey, Optional.empty());
    }

    @Override
    public String toString() {
        return "AwsAccessKey[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>"
                + (sessionToken.isPresent() ? ", sessionToken=<redacted>" : "") + "]";
    }
}
