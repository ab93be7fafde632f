package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventFormatException;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Handles one held message (a {@link Lease}): parse → invoke the function → acknowledge, by the outcome:
 * <ul>
 * <li>success: delete;</li>
 * <li>the function rejected the video ({@code VideoRejectedException}), or the body is not an S3 event: move it
 * to the dead-letter queue at once, with the reason;</li>
 * <li>another function error: make it visible again after a back-off; on the last receive the redrive policy
 * allows, move it to the dead-letter queue instead;</li>
 * <li>throttled or the function unavailable: not the video's fault. Keep holding it (the heartbeat keeps it
 * invisible, no receive is used up) and invoke again later: after a throttle back-off, or when the
 * {@link CircuitBreaker} says so;</li>
 * <li>{@code s3:TestEvent}: delete.</li>
 * </ul>
 * With fan-out ({@link FanOut}) a message of one new video is a plan, parallel segments and a merge, whose
 * combined outcome is acted on as above. When the monitor stops, a message that is not being invoked is handed
 * back (visible again at once).
 * Every outcome is logged on one line with the message id, the video key and the request id.
 */
final class MessageProcessor {
    private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);
    private static final long WAIT_SLICE_MILLIS = 200;

    private final QueueInfo queue;
    private final String functionName;
    private final SqsClient sqs;
    private final FunctionInvoker invoker;
    private final Optional<DeadLetterQueue> deadLetters;
    private final CircuitBreaker breaker;
    private final AdmissionLimit admission;
    private final RetryBackoff retryBackoff;
    private final RetryBackoff throttleBackoff;
    private final MonitorCounters counters;
    private final BooleanSupplier stopping;
    private final S3EventNotifications events;
    private final Optional<FanOut> fanOut;

    MessageProcessor(QueueInfo queue, String functionName, SqsClient sqs, FunctionInvoker invoker,
            Optional<DeadLetterQueue> deadLetters, CircuitBreaker breaker, AdmissionLimit admission,
            RetryBackoff retryBackoff, RetryBackoff throttleBackoff, MonitorCounters counters,
            BooleanSupplier stopping, S3EventNotifications events, Optional<FanOut> fanOut) {
        this.fanOut = requireNonNull(fanOut, "fanOut");
        this.queue = requireNonNull(queue, "queue");
        this.functionName = requireNonNull(functionName, "functionName");
        this.sqs = requireNonNull(sqs, "sqs");
        this.invoker = requireNonNull(invoker, "invoker");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters");
        this.breaker = requireNonNull(breaker, "breaker");
        this.admission = requireNonNull(admission, "admission");
        this.retryBackoff = requireNonNull(retryBackoff, "retryBackoff");
        this.throttleBackoff = requireNonNull(throttleBackoff, "throttleBackoff");
        this.counters = requireNonNull(counters, "counters");
        this.stopping = requireNonNull(stopping, "stopping");
        this.events = requireNonNull(events, "events");
    }

    void process(Lease lease) {
        Message message = lease.message();
        int receiveCount = receiveCount(message);
        if (receiveCount > 1) {
            counters.redelivered.incrementAndGet();
        }
        String receives = queue.receives(receiveCount);
        S3Message parsed;
        try {
            parsed = events.parse(message.body());
        } catch (S3EventFormatException e) {
            counters.notS3Events.incrementAndGet();
            if (lease.settle()) {
                deadLetterOrPark(message, "-", receiveCount, new DeadLetterQueue.Reason(
                        DeadLetterAttributes.KIND_NOT_AN_S3_EVENT,
                        "not an S3 event notification: " + e.getMessage(), "-", "-"));
            }
            return;
        }
        if (parsed instanceof S3Message.TestEvent testEvent) {
            if (lease.settle() && delete(message, "-")) {
                counters.testEvents.incrementAndGet();
                log.info("message {} is an s3:TestEvent for bucket '{}'; deleted", message.messageId(),
                        testEvent.bucket());
            }
            return;
        }
        List<S3Message.ObjectEvent> records = ((S3Message.ObjectEvents) parsed).records();
        String videoKey = records.stream()
                .map(record -> record.object().key())
                .collect(Collectors.joining(","));
        long started = System.nanoTime();
        InvokeOutcome outcome;
        try {
            if (fanOut.isPresent() && records.size() == 1 && records.get(0).isObjectCreated()) {
                outcome = fanOut.get().run(message.messageId(), message.body(), videoKey,
                        body -> invokeUntilAnswered(lease, videoKey, receives, body));
            } else {
                outcome = invokeUntilAnswered(lease, videoKey, receives, message.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handBack(lease, videoKey);
            return;
        }
        if (outcome == null) {
            return; // handed back
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!lease.settle()) {
            log.warn("message {} video {}: the monitor handed it back before the function finished (request {}, "
                    + "{} ms, {}); not acknowledged", message.messageId(), videoKey, outcome.requestId(), millis,
                    outcome.getClass().getSimpleName());
            return;
        }
        if (outcome instanceof InvokeOutcome.Succeeded success) {
            if (delete(message, videoKey)) {
                counters.succeeded.incrementAndGet();
                log.info("message {} video {}: function succeeded (request {}, {} ms); deleted. result: {}",
                        message.messageId(), videoKey, success.requestId(), millis, success.detail());
            }
        } else if (outcome instanceof InvokeOutcome.Rejected rejected) {
            counters.failed.incrementAndGet();
            log.warn("message {} video {} (receive {}): function rejected the video (request {}, {} ms): {}; "
                    + "no retry", message.messageId(), videoKey, receives, rejected.requestId(), millis,
                    rejected.message());
            String sentence = rejected.message().startsWith(rejected.kind() + ": ")
                    ? rejected.message().substring(rejected.kind().length() + 2) : rejected.message();
            deadLetterOrPark(message, videoKey, receiveCount, new DeadLetterQueue.Reason(rejected.kind(), sentence,
                    rejected.errorType(), rejected.requestId()));
        } else if (outcome instanceof InvokeOutcome.FunctionFailed failure) {
            counters.failed.incrementAndGet();
            String error = failure.errorType() + ": " + failure.message();
            if (queue.isLastReceive(receiveCount)) {
                log.warn("message {} video {} (receive {}): function failed (request {}, {} ms): {}; that was its "
                        + "last receive", message.messageId(), videoKey, receives, failure.requestId(), millis, error);
                deadLetterOrPark(message, videoKey, receiveCount, new DeadLetterQueue.Reason(
                        DeadLetterAttributes.KIND_FUNCTION_ERROR, failure.message(), failure.errorType(),
                        failure.requestId()));
            } else {
                Duration delay = retryBackoff.delay(receiveCount);
                log.warn("message {} video {} (receive {}): function failed (request {}, {} ms): {}; retry in {}",
                        message.messageId(), videoKey, receives, failure.requestId(), millis, error,
                        Durations.format(delay));
                setVisibility(message, videoKey, delay);
            }
        } else {
            throw new IllegalStateException("message " + message.messageId() + ": unexpected outcome " + outcome);
        }
    }

    /**
     * Invokes until the function answers (success, rejection or function error). Throttles and outages are
     * waited out while the message is held; null when the message was handed back because the monitor stops.
     */
    private InvokeOutcome invokeUntilAnswered(Lease lease, String videoKey, String receives, String body)
            throws InterruptedException {
        Message message = lease.message();
        boolean probe = false;
        int throttles = 0;
        int attempts = 0;
        while (true) {
            if (!probe && breaker.isOpen()) {
                CircuitBreaker.Turn turn = breaker.awaitTurn(false, stopping);
                if (turn == CircuitBreaker.Turn.STOP) {
                    handBack(lease, videoKey);
                    return null;
                }
                probe = turn == CircuitBreaker.Turn.PROBE;
            }
            if (lease.isSettled() || !admission.startInvocation(stopping)) {
                handBack(lease, videoKey);
                return null;
            }
            attempts++;
            if (attempts == 1) {
                log.info("message {} video {} (receive {}): invoking {}", message.messageId(), videoKey, receives,
                        functionName);
            } else {
                log.debug("message {} video {}: invoking again{} (attempt {})", message.messageId(), videoKey,
                        probe ? " as the probe" : "", attempts);
            }
            InvokeOutcome outcome;
            try {
                outcome = invoker.invoke(body);
            } finally {
                admission.endInvocation();
            }
            admission.adapt(outcome);
            if (lease.isSettled()) {
                return outcome; // handed back meanwhile; the caller says so
            }
            if (outcome instanceof InvokeOutcome.Unavailable unavailable) {
                counters.unavailable.incrementAndGet();
                if (stopping.getAsBoolean()) {
                    handBack(lease, videoKey);
                    return null;
                }
                log.debug("message {} video {}: function unavailable (request {}): {}", message.messageId(),
                        videoKey, unavailable.requestId(), unavailable.detail());
                breaker.recordUnavailable(message.messageId(), unavailable.detail());
                CircuitBreaker.Turn turn = breaker.awaitTurn(probe, stopping);
                if (turn == CircuitBreaker.Turn.STOP) {
                    handBack(lease, videoKey);
                    return null;
                }
                probe = turn == CircuitBreaker.Turn.PROBE;
                continue;
            }
            probe = false;
            breaker.recordAnswer(message.messageId());
            if (outcome instanceof InvokeOutcome.Throttled throttled) {
                counters.throttled.incrementAndGet();
                throttles++;
                Duration pause = throttleBackoff.delay(throttles);
                log.debug("message {} video {}: throttled (request {}), invoking again in {}: {}",
                        message.messageId(), videoKey, throttled.requestId(), Durations.format(pause),
                        throttled.detail());
                if (!pause(pause)) {
                    handBack(lease, videoKey);
                    return null;
                }
                continue;
            }
            return outcome;
        }
    }

    /** Sleeps up to {@code duration}; false when the monitor starts stopping first. */
    private boolean pause(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        long remaining;
        while ((remaining = until - System.nanoTime()) > 0) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(WAIT_SLICE_MILLIS, remaining / 1_000_000)));
        }
        return !stopping.getAsBoolean();
    }

    /** Hands the message back to the queue (visible at once), unless it was settled already; true if it did. */
    boolean handBack(Lease lease, String videoKey) {
        if (!lease.settle()) {
            return false;
        }
        Message message = lease.message();
        counters.returned.incrementAndGet();
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queue.url())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
            log.info("message {} video {}: handed back to the queue (the monitor is stopping)", message.messageId(),
                    videoKey);
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} video {}: could not hand it back, it comes back after its lease: {}",
                    message.messageId(), videoKey, OneLine.of(e));
        }
        return true;
    }

    private void deadLetterOrPark(Message message, String videoKey, int receiveCount, DeadLetterQueue.Reason reason) {
        if (deadLetters.isPresent()) {
            moveToDeadLetterQueue(deadLetters.get(), message, videoKey, receiveCount, reason);
        } else {
            Duration delay = retryBackoff.delay(Integer.MAX_VALUE);
            log.error("message {} video {}: queue {} has no dead-letter queue (no redrive policy); the message "
                    + "comes back in {} ({}: {})", message.messageId(), videoKey, queue.url(),
                    Durations.format(delay), reason.kind(), reason.sentence());
            setVisibility(message, videoKey, delay);
        }
    }

    private void moveToDeadLetterQueue(DeadLetterQueue dlq, Message message, String videoKey, int receiveCount,
            DeadLetterQueue.Reason reason) {
        try {
            dlq.move(message, receiveCount, reason);
            counters.deadLettered.incrementAndGet();
            log.warn("message {} video {} (receive {}): moved to the dead-letter queue {} ({}: {}; request {})",
                    message.messageId(), videoKey, queue.receives(receiveCount), dlq.url(), reason.kind(),
                    reason.sentence(), reason.requestId());
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} video {}: could not move it to the dead-letter queue, it will be delivered again "
                    + "({}: {}): {}", message.messageId(), videoKey, reason.kind(), reason.sentence(), OneLine.of(e));
        }
    }

    private boolean delete(Message message, String videoKey) {
        try {
            sqs.deleteMessage(request -> request.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
            return true;
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} video {}: could not delete it, it will be delivered again: {}",
                    message.messageId(), videoKey, OneLine.of(e));
            return false;
        }
    }

    private void setVisibility(Message message, String videoKey, Duration delay) {
        int seconds = (int) Math.min(MonitorConfig.MAX_VISIBILITY_TIMEOUT.toSeconds(), delay.toSeconds());
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queue.url())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} video {}: could not set its retry delay, it comes back after its lease instead: {}",
                    message.messageId(), videoKey, OneLine.of(e));
        }
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (count == null) {
            return -1;
        }
        try {
            return Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
