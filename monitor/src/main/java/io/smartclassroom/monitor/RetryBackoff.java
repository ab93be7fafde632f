package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay before a message whose function failed is delivered again: exponential in the receive count,
 * capped, with equal jitter so the retries of a burst of failures spread out. Receive {@code n} waits
 * {@code d/2 + random·d/2} where {@code d = min(max, base × 2^(n−1))}, in whole seconds (SQS counts visibility
 * in seconds).
 */
final class RetryBackoff {
    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    RetryBackoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = requireNonNull(base, "base");
        this.max = requireNonNull(max, "max");
        this.random = requireNonNull(random, "random");
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("back-off base and cap must not be negative");
        }
    }

    /** The delay after the failure of receive {@code receiveCount} (1 = the first); an unknown count counts as 1. */
    Duration delay(int receiveCount) {
        long capped = cappedMillis(Math.max(1, receiveCount));
        double jitter = Math.min(Math.max(random.getAsDouble(), 0), 1);
        long millis = capped / 2 + Math.round(jitter * (capped - capped / 2));
        return Duration.ofSeconds((millis + 500) / 1000);
    }

    private long cappedMillis(int receiveCount) {
        long maxMillis = max.toMillis();
        long delay = base.toMillis();
        for (int i = 1; i < receiveCount && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }
}
