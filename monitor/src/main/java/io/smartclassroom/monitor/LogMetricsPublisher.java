package io.smartclassroom.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The metrics as one log line per interval (the local cloud has no CloudWatch). */
public final class LogMetricsPublisher implements MetricsPublisher {
    private static final Logger log = LoggerFactory.getLogger(LogMetricsPublisher.class);

    @Override
    public void publish(MonitorMetrics metrics) {
        log.info(line(metrics));
    }

    /** {@code metrics: queue=q received=3 succeeded=2 failed=1 redelivered=1 in-flight=0 dead-letter-depth=1 heartbeat=1}. */
    static String line(MonitorMetrics metrics) {
        return "metrics: queue=" + metrics.queueName() + " received=" + metrics.received() + " succeeded="
                + metrics.succeeded() + " failed=" + metrics.failed() + " redelivered=" + metrics.redelivered()
                + " in-flight=" + metrics.inFlight() + " dead-letter-depth="
                + (metrics.deadLetterDepth().isPresent() ? Long.toString(metrics.deadLetterDepth().getAsLong()) : "-")
                + " heartbeat=1";
    }
}
