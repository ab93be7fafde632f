package io.smartclassroom.provisioning.config;

/** The attributes of the request queue and its dead-letter queue. */
public record QueueSettings(
        int maxReceiveCount,
        int visibilityTimeoutSeconds,
        int receiveWaitSeconds,
        int deadLetterRetentionSeconds) {

    public static final QueueSettings DEFAULTS = new QueueSettings(3, 960, 20, 1_209_600);

    public QueueSettings {
        requireRange("max receive count", maxReceiveCount, 1, 1000);
        requireRange("visibility timeout", visibilityTimeoutSeconds, 0, 43_200);
        requireRange("receive wait time", receiveWaitSeconds, 0, 20);
        requireRange("dead-letter retention", deadLetterRetentionSeconds, 60, 1_209_600);
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
