package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every interval: the counters' growth since the last publication that went through, the messages in flight and
 * the dead-letter queue's depth, to the {@link MetricsPublisher}. A publication that fails is logged and its counts
 * go with the next one. Called from one scheduler thread at a time.
 */
final class MetricsReporter {
    private static final Logger log = LoggerFactory.getLogger(MetricsReporter.class);

    private final MetricsPublisher publisher;
    private final MonitorCounters counters;
    private final String queueName;
    private final Supplier<OptionalLong> deadLetterDepth;
    private final Clock clock;
    private long received;
    private long succeeded;
    private long failed;
    private long redelivered;

    MetricsReporter(MetricsPublisher publisher, MonitorCounters counters, String queueName,
            Supplier<OptionalLong> deadLetterDepth, Clock clock) {
        this.publisher = requireNonNull(publisher, "publisher");
        this.counters = requireNonNull(counters, "counters");
        this.queueName = requireNonNull(queueName, "queueName");
        this.deadLetterDepth = requireNonNull(deadLetterDepth, "deadLetterDepth");
        this.clock = requireNonNull(clock, "clock");
    }

    synchronized void report() {
        long nowReceived = counters.received.get();
        long nowSucceeded = counters.succeeded.get();
        long nowFailed = counters.failed.get();
        long nowRedelivered = counters.redelivered.get();
        MonitorMetrics metrics = new MonitorMetrics(queueName, clock.instant(), nowReceived - received,
                nowSucceeded - succeeded, nowFailed - failed, nowRedelivered - redelivered, counters.inFlight.get(),
                deadLetterDepth.get());
        try {
            publisher.publish(metrics);
        } catch (RuntimeException e) {
            log.warn("metrics of queue {} not published (they go with the next): {}", queueName, OneLine.of(e));
            return;
        }
        received = nowReceived;
        succeeded = nowSucceeded;
        failed = nowFailed;
        redelivered = nowRedelivered;
    }

    /** The queue's name: the last part of its URL ({@code https://sqs.../123456789012/name}). */
    static String queueName(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** The dead-letter queue's ApproximateNumberOfMessages; empty without one, or when it cannot be read. */
    static Supplier<OptionalLong> deadLetterDepth(SqsClient sqs, Optional<String> deadLetterUrl) {
        requireNonNull(sqs, "sqs");
        requireNonNull(deadLetterUrl, "deadLetterUrl");
        return () -> {
            if (deadLetterUrl.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                String count = sqs.getQueueAttributes(request -> request.queueUrl(deadLetterUrl.get())
                                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                return count == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(count.strip()));
            } catch (SdkException | NumberFormatException | IllegalStateException e) {
                log.warn("cannot read the depth of the dead-letter queue {}: {}", deadLetterUrl.get(), OneLine.of(e));
                return OptionalLong.empty();
            }
        };
    }
}
