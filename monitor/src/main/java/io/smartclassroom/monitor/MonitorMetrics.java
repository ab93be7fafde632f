package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * What the monitor publishes every interval: the counts since the previous publication (received, succeeded,
 * failed, redelivered), the messages in flight and the dead-letter queue's depth now (empty when it has none or
 * it could not be read), for the request queue {@code queueName}.
 */
public record MonitorMetrics(String queueName, Instant time, long received, long succeeded, long failed,
        long redelivered, int inFlight, OptionalLong deadLetterDepth) {
    public MonitorMetrics {
        requireNonNull(queueName, "queueName");
        requireNonNull(time, "time");
        requireNonNull(deadLetterDepth, "deadLetterDepth");
    }
}
