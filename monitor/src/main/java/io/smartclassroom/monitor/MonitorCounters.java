package io.smartclassroom.monitor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The monitor's running counts; {@link #snapshot} gives a consistent-enough {@link MonitorStats}. */
final class MonitorCounters {
    final AtomicLong received = new AtomicLong();
    /** Messages received more than once (ApproximateReceiveCount above 1): retries and expired leases. */
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong notS3Events = new AtomicLong();
    final AtomicLong testEvents = new AtomicLong();
    final AtomicLong returned = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();

    MonitorStats snapshot(IntSupplier inFlightLimit) {
        return new MonitorStats(received.get(), succeeded.get(), failed.get(), notS3Events.get(), testEvents.get(),
                returned.get(), deadLettered.get(), throttled.get(), unavailable.get(), inFlight.get(),
                inFlightLimit.getAsInt());
    }
}
