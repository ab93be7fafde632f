package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists the output bucket until every wanted CSV exists or the time is up. */
public final class OutputWaiter {
    private static final Logger log = LoggerFactory.getLogger(OutputWaiter.class);

    private final OutputBucket output;
    private final Duration pollInterval;

    public OutputWaiter(OutputBucket output, Duration pollInterval) {
        this.output = requireNonNull(output, "output");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval");
    }

    /** The wanted keys that exist: all of them, or those found when {@code timeout} ran out. */
    public Set<String> awaitAll(Set<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> present = new HashSet<>(output.csvKeys());
            present.retainAll(wanted);
            long remaining = deadline - System.nanoTime();
            if (present.size() == wanted.size() || remaining <= 0) {
                return present;
            }
            log.info("{} of {} results in s3://{}; waiting", present.size(), wanted.size(), output.name());
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), remaining / 1_000_000)));
        }
    }
}
