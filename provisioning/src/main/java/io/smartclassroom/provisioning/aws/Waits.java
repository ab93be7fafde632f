package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long and how often to poll while waiting for AWS, e.g. for a function to become Active or for a new IAM role
 * to become assumable. Tests poll every few milliseconds.
 */
public record Waits(Duration pollInterval, Duration timeout) {
    public static final Waits DEFAULT = new Waits(Duration.ofSeconds(2), Duration.ofMinutes(10));

    public Waits {
        requireNonNull(pollInterval, "pollInterval");
        requireNonNull(timeout, "timeout");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
    }

    /** How many polls fit in the timeout (at least one). */
    int attempts() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis() / pollInterval.toMillis()));
    }
}
