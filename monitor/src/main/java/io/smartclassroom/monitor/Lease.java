package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A message the monitor holds, with the heartbeat that keeps it invisible. Exactly one party settles it —
 * the worker (delete, dead-letter, back-off) or the shutdown (hand back) — and settling closes the heartbeat
 * first, so no extension overwrites what the settler does next.
 */
final class Lease {
    private final Message message;
    private final VisibilityHeartbeat heartbeat;
    private final AtomicBoolean settled = new AtomicBoolean();

    Lease(Message message, VisibilityHeartbeat heartbeat) {
        this.message = requireNonNull(message, "message");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    }

    Message message() {
        return message;
    }

    /** True for the one caller that gets to acknowledge or hand back the message; its heartbeat is closed then. */
    boolean settle() {
        if (settled.compareAndSet(false, true)) {
            heartbeat.close();
            return true;
        }
        return false;
    }

    boolean isSettled() {
        return settled.get();
    }
}
