package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps one message invisible while it is being processed: every {@code interval} (counted from when it was
 * received) it sets the message's visibility timeout to {@code extension} from now. Closing it stops the
 * extensions; an extension in progress completes first, so the caller can then delete the message or change
 * its visibility without a heartbeat overwriting it.
 */
final class VisibilityHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Message message;
    private final String videoKey;
    private final int extensionSeconds;
    private ScheduledFuture<?> task;
    private boolean closed;

    private VisibilityHeartbeat(SqsClient sqs, String queueUrl, Message message, String videoKey, Duration extension) {
        this.sqs = requireNonNull(sqs, "sqs");
        this.queueUrl = requireNonNull(queueUrl, "queueUrl");
        this.message = requireNonNull(message, "message");
        this.videoKey = requireNonNull(videoKey, "videoKey");
        this.extensionSeconds = (int) Math.max(1, Math.min(
                MonitorConfig.MAX_VISIBILITY_TIMEOUT.toSeconds(), (extension.toMillis() + 999) / 1000));
    }

    /**
     * Starts the heartbeat; with a zero interval, or a scheduler that is shutting down, it does nothing.
     *
     * @param receivedAtNanos {@link System#nanoTime()} when the message was received
     */
    static VisibilityHeartbeat start(ScheduledExecutorService scheduler, SqsClient sqs, String queueUrl,
            Message message, String videoKey, Duration extension, Duration interval, long receivedAtNanos) {
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs, queueUrl, message, videoKey, extension);
        if (interval.isZero()) {
            return heartbeat;
        }
        long intervalNanos = interval.toNanos();
        long firstDelay = Math.max(0, receivedAtNanos + intervalNanos - System.nanoTime());
        synchronized (heartbeat) {
            try {
                heartbeat.task = scheduler.scheduleAtFixedRate(heartbeat::extend, firstDelay, intervalNanos,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("message {} video {}: no visibility heartbeat, the monitor is stopping",
                        message.messageId(), videoKey);
            }
        }
        return heartbeat;
    }

    private synchronized void extend() {
        if (closed) {
            return;
        }
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(extensionSeconds));
            log.debug("message {} video {}: visibility extended by {}s", message.messageId(), videoKey,
                    extensionSeconds);
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} video {}: could not extend its visibility, it may be delivered again: {}",
                    message.messageId(), videoKey, OneLine.of(e));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
    }
}
