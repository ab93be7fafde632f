package io.smartclassroom.monitor;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much work the monitor takes on, adapted to what the function accepts (AIMD, like TCP): the in-flight
 * limit halves on a throttle (not below 1; once per second of throttling) and grows by one per success up to the configured concurrency.
 * Two counts are kept under it: messages <em>held</em> (received and not yet acknowledged or handed back) and
 * invocations <em>running</em>. The receiver asks only for as many messages as can start now; a held message
 * invokes only while fewer than the limit run.
 */
final class AdmissionLimit {
    private static final Logger log = LoggerFactory.getLogger(AdmissionLimit.class);
    private static final long WAIT_SLICE_MILLIS = 200;
    /** Throttles within this time of a halving are the same congestion: they do not halve again. */
    private static final long HALVING_QUIET_NANOS = 1_000_000_000L;

    private final int max;
    private int limit;
    private int held;
    private int running;
    private long lastHalvingNanos = System.nanoTime() - HALVING_QUIET_NANOS;

    AdmissionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, not " + max);
        }
        this.max = max;
        this.limit = max;
    }

    synchronized int limit() {
        return limit;
    }

    /**
     * Waits until fewer messages are held than the limit, then reserves up to {@code wanted} of the free places;
     * 0 when {@code stopping} turns true first.
     */
    synchronized int reserve(int wanted, BooleanSupplier stopping) throws InterruptedException {
        while (held >= limit) {
            if (stopping.getAsBoolean()) {
                return 0;
            }
            wait(WAIT_SLICE_MILLIS);
        }
        if (stopping.getAsBoolean()) {
            return 0;
        }
        int granted = Math.min(wanted, limit - held);
        held += granted;
        return granted;
    }

    /** Gives back {@code count} reserved places (received fewer messages, or a message is done). */
    synchronized void release(int count) {
        held -= count;
        notifyAll();
    }

    /** Waits until fewer invocations run than the limit and counts one more; false when stopping. */
    synchronized boolean startInvocation(BooleanSupplier stopping) throws InterruptedException {
        while (running >= limit) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            wait(WAIT_SLICE_MILLIS);
        }
        if (stopping.getAsBoolean()) {
            return false;
        }
        running++;
        return true;
    }

    /** One invocation ended, however it ended. */
    synchronized void endInvocation() {
        running--;
        notifyAll();
    }

    /** Adapts the limit to an outcome: a throttle halves it, a success raises it by one. */
    synchronized void adapt(InvokeOutcome outcome) {
        if (outcome instanceof InvokeOutcome.Throttled) {
            int lowered = Math.max(1, limit / 2);
            long now = System.nanoTime();
            if (lowered < limit && now - lastHalvingNanos >= HALVING_QUIET_NANOS) {
                lastHalvingNanos = now;
                log.info("in-flight limit lowered {} -> {}: the function is throttling (request {})", limit, lowered,
                        outcome.requestId());
                limit = lowered;
            }
        } else if (outcome instanceof InvokeOutcome.Succeeded && limit < max) {
            limit++;
            log.debug("in-flight limit raised to {}", limit);
            notifyAll();
        }
    }
}
