package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something is done or a deadline passes; the interval is a setting so that tests can poll every few ms. */
final class Poller {
    private final Duration interval;

    Poller(Duration interval) {
        this.interval = requireNonNull(interval, "interval");
    }

    /**
     * Calls {@code attempt} until it returns a value (which it may also fail) or {@code timeout} has passed.
     *
     * @param onTimeout the failure to throw when time is up, e.g. naming the last state seen
     */
    <T> T until(Duration timeout, Supplier<Optional<T>> attempt, Supplier<ProvisioningException> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw onTimeout.get();
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting", e);
            }
        }
    }
}
