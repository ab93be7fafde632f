package io.smartclassroom.handler.recognition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The time an invocation has left, from Lambda's {@code Context.getRemainingTimeInMillis()}. The analysis calls
 * {@link #check} before each sampled frame; once less than the safety margin plus the longest frame so far is
 * left, it stops with an {@link OutOfTimeException} instead of being killed by Lambda mid-write. One per
 * invocation; not thread-safe.
 */
public final class TimeBudget {
    /** No deadline (a CLI run, a test). */
    public static final TimeBudget UNLIMITED = new TimeBudget(() -> Integer.MAX_VALUE, Duration.ZERO, System::nanoTime);

    private final IntSupplier remainingMillis;
    private final long marginMillis;
    private final java.util.function.LongSupplier nanoClock;
    private final int startMillis;
    private long lastCheckNanos;
    private long longestStepNanos;

    public TimeBudget(IntSupplier remainingMillis, Duration margin, java.util.function.LongSupplier nanoClock) {
        this.remainingMillis = requireNonNull(remainingMillis, "remainingMillis");
        this.marginMillis = requireNonNull(margin, "margin").toMillis();
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("the safety margin must not be negative: " + margin);
        }
        this.startMillis = remainingMillis.getAsInt();
        this.lastCheckNanos = nanoClock.getAsLong();
    }

    /** What Lambda's context says is left, with {@code margin} kept in reserve. */
    public static TimeBudget of(IntSupplier remainingMillis, Duration margin) {
        return new TimeBudget(remainingMillis, margin, System::nanoTime);
    }

    public boolean isUnlimited() {
        return this == UNLIMITED;
    }

    /**
     * Starts counting steps (the time before, e.g. the download, is no frame) and throws when less than the
     * margin is left.
     */
    public void begin(long positionMicros) {
        lastCheckNanos = nanoClock.getAsLong();
        check(positionMicros);
    }

    /**
     * Throws when less than the margin plus one more step (the longest time between two checks so far) is left.
     *
     * @param positionMicros how far into the video the work has got, for the message
     */
    public void check(long positionMicros) {
        if (this == UNLIMITED) {
            return;
        }
        long now = nanoClock.getAsLong();
        longestStepNanos = Math.max(longestStepNanos, now - lastCheckNanos);
        lastCheckNanos = now;
        int remaining = remainingMillis.getAsInt();
        long needed = marginMillis + longestStepNanos / 1_000_000;
        if (remaining < needed) {
            throw new OutOfTimeException(positionMicros, remaining, startMillis, marginMillis, longestStepNanos / 1_000_000);
        }
    }

    /** Stopped before the function's timeout: the work would not have finished in time. */
    public static final class OutOfTimeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long positionMicros;

        OutOfTimeException(long positionMicros, int remainingMillis, int startMillis, long marginMillis, long stepMillis) {
            super(String.format(Locale.ROOT,
                    "stopped at %.1f s of the video: %.1f s of the %.1f s the invocation had were left "
                            + "(safety margin %.1f s + %.1f s for the slowest frame so far)",
                    positionMicros / 1e6, remainingMillis / 1e3, startMillis / 1e3, marginMillis / 1e3, stepMillis / 1e3));
            this.positionMicros = positionMicros;
        }

        public long positionMicros() {
            return positionMicros;
        }
    }
}
