package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The identity the local cloud's S3 checks signatures against (SQS and DynamoDB accept any), and the one
 * the local function endpoint ({@code handler serve}) is told to check callers against. {@link #TEST} is
 * the fixed pair that in-process tests share; {@link #random()} is a new pair for each run of the local
 * cloud's command line, so that only who can read its env file can use it. {@link #toString()} hides the
 * secret.
 */
public record LocalCredentials(String accessKeyId, String secretAccessKey) {
    public static final LocalCredentials TEST = new LocalCredentials("test", "test");
    private static final char[] KEY_ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    public LocalCredentials {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("local credentials need an access key id and a secret");
        }
    }

    /** A new pair: an access key id {@code LOCAL} + 15 random characters, a secret of 240 random bits (40 characters). */
    public static LocalCredentials random() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("LOCAL");
        for (int i = 0; i < 15; i++) {
            id.append(KEY_ID_CHARACTERS[random.nextInt(KEY_ID_CHARACTERS.length)]);
        }
        byte[] secret = new byte[30];
        random.nextBytes(secret);
        return new LocalCredentials(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    @Override
    public String toString() {
        return "LocalCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
}
