package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open while the function is unavailable. While open, the receiver takes no new work and the messages already
 * held wait here (their heartbeats keep them invisible, so they burn no receives); one of them at a time is let
 * through as a probe, the pause before each probe growing from {@code firstProbe} to {@code maxProbe}. The
 * first answer from the function closes the breaker and lets every held message retry. Opening and closing are
 * logged once each, not per attempt.
 */
final class CircuitBreaker {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
    private static final long WAIT_SLICE_MILLIS = 200;

    /** What a held message does next. */
    enum Turn {
        /** The breaker is closed: invoke again. */
        RETRY,
        /** The breaker is open and this message is the probe: invoke once to see whether the function is back. */
        PROBE,
        /** The monitor is stopping: hand the message back. */
        STOP
    }

    private final Duration firstProbe;
    private final Duration maxProbe;
    private boolean open;
    private boolean probing;
    private Duration nextProbe;
    private long openedAtNanos;
    private long probes;

    CircuitBreaker(Duration firstProbe, Duration maxProbe) {
        this.firstProbe = requireNonNull(firstProbe, "firstProbe");
        this.maxProbe = requireNonNull(maxProbe, "maxProbe");
        this.nextProbe = firstProbe;
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** The function could not be reached for {@code messageId}; opens the breaker if it is closed. */
    synchronized void recordUnavailable(String messageId, String detail) {
        if (!open) {
            open = true;
            probing = false;
            probes = 0;
            nextProbe = firstProbe;
            openedAtNanos = System.nanoTime();
            log.warn("circuit open: the function is unavailable (message {}: {}); no new receives, held messages "
                    + "stay invisible and one is re-invoked as a probe, every {} growing to {}", messageId, detail,
                    Durations.format(firstProbe), Durations.format(maxProbe));
        }
    }

    /** The function answered (success or a function error): closes the breaker and wakes every held message. */
    synchronized void recordAnswer(String messageId) {
        if (open) {
            open = false;
            probing = false;
            long millis = (System.nanoTime() - openedAtNanos) / 1_000_000;
            log.info("circuit closed: the function answered message {} after {} ms unavailable and {} probe(s); "
                    + "held messages retry now", messageId, millis, probes);
            notifyAll();
        }
    }

    /**
     * Waits until the held message may invoke again: at once if the breaker is closed, as the probe when it is
     * its turn, or never (STOP) when {@code stopping} says so.
     *
     * @param probeFailed this message was the probe and the function was still unavailable
     */
    synchronized Turn awaitTurn(boolean probeFailed, BooleanSupplier stopping) throws InterruptedException {
        if (probeFailed) {
            probing = false;
            long doubled = Math.min(nextProbe.toMillis() * 2, maxProbe.toMillis());
            nextProbe = Duration.ofMillis(doubled);
        }
        while (true) {
            if (stopping.getAsBoolean()) {
                return Turn.STOP;
            }
            if (!open) {
                return Turn.RETRY;
            }
            if (!probing) {
                probing = true;
                long wakeAt = System.nanoTime() + nextProbe.toNanos();
                long remaining;
                while (open && !stopping.getAsBoolean() && (remaining = wakeAt - System.nanoTime()) > 0) {
                    wait(Math.max(1, Math.min(WAIT_SLICE_MILLIS, remaining / 1_000_000)));
                }
                if (stopping.getAsBoolean()) {
                    probing = false;
                    return Turn.STOP;
                }
                if (!open) {
                    probing = false;
                    return Turn.RETRY;
                }
                probes++;
                return Turn.PROBE;
            }
            wait(WAIT_SLICE_MILLIS);
        }
    }
}
