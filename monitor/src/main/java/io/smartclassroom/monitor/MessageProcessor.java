package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.S3EventFormatException;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Handles one received message: parse → dispatch to the function → acknowledge.
 * <ul>
 * <li>an S3 event: invoke the function with the body; delete the message only once the function reported
 * success; otherwise leave it (optionally visible again after the retry delay) so the queue retries it and
 * finally moves it to its dead-letter queue;</li>
 * <li>{@code s3:TestEvent}: delete;</li>
 * <li>anything else: leave it for the dead-letter queue.</li>
 * </ul>
 * Every outcome is logged on one line with the message id.
 */
final class MessageProcessor {
    private static final Logger log = LoggerFactory.getLogger(MessageProcessor.class);
    private static final int MAX_LOGGED_PAYLOAD = 300;

    private final MonitorConfig config;
    private final QueueInfo queue;
    private final SqsClient sqs;
    private final LambdaClient lambda;
    private final S3EventNotifications events;
    private final ObjectMapper json;
    private final ScheduledExecutorService heartbeats;
    private final Duration heartbeatInterval;
    private final MonitorCounters counters;
    private final BooleanSupplier abandoned;

    MessageProcessor(MonitorConfig config, QueueInfo queue, SqsClient sqs, LambdaClient lambda, ObjectMapper json,
            ScheduledExecutorService heartbeats, MonitorCounters counters, BooleanSupplier abandoned) {
        this.config = requireNonNull(config, "config");
        this.queue = requireNonNull(queue, "queue");
        this.sqs = requireNonNull(sqs, "sqs");
        this.lambda = requireNonNull(lambda, "lambda");
        this.json = requireNonNull(json, "json");
        this.events = new S3EventNotifications(json);
        this.heartbeats = requireNonNull(heartbeats, "heartbeats");
        this.counters = requireNonNull(counters, "counters");
        this.abandoned = requireNonNull(abandoned, "abandoned");
        this.heartbeatInterval = config.heartbeatInterval().orElse(queue.visibilityTimeout().dividedBy(2));
    }

    /** @param receivedAtNanos {@link System#nanoTime()} when the message was received */
    void process(Message message, long receivedAtNanos) {
        String receives = queue.receives(receiveCount(message));
        S3Message parsed;
        try {
            parsed = events.parse(message.body());
        } catch (S3EventFormatException e) {
            counters.notS3Events.incrementAndGet();
            log.warn("message {} (receive {}) is not an S3 event notification, left for the dead-letter queue: {}",
                    message.messageId(), receives, e.getMessage());
            retryLater(message, "-");
            return;
        }
        if (parsed instanceof S3Message.TestEvent testEvent) {
            if (delete(message, "-")) {
                counters.testEvents.incrementAndGet();
                log.info("message {} is an s3:TestEvent for bucket '{}'; deleted", message.messageId(),
                        testEvent.bucket());
            }
            return;
        }
        String videoKey = ((S3Message.ObjectEvents) parsed).records().stream()
                .map(record -> record.object().key())
                .collect(Collectors.joining(","));
        log.info("message {} video {} (receive {}): invoking {}", message.messageId(), videoKey, receives,
                config.functionName());
        long started = System.nanoTime();
        InvokeOutcome outcome;
        VisibilityHeartbeat heartbeat = VisibilityHeartbeat.start(heartbeats, sqs, queue.url(), message, videoKey,
                queue.visibilityTimeout(), heartbeatInterval, receivedAtNanos);
        try {
            outcome = invoke(message);
        } finally {
            heartbeat.close(); // before acknowledging, so no extension overwrites a retry delay
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (abandoned.getAsBoolean()) {
            log.warn("message {} video {}: the monitor stopped before the function finished (request {}, {} ms, {}); "
                            + "left in the queue", message.messageId(), videoKey, outcome.requestId(), millis,
                    outcome.succeeded() ? "succeeded" : "failed");
            return;
        }
        if (outcome.succeeded()) {
            if (delete(message, videoKey)) {
                counters.succeeded.incrementAndGet();
                log.info("message {} video {}: function succeeded (request {}, {} ms); deleted. result: {}",
                        message.messageId(), videoKey, outcome.requestId(), millis, outcome.detail());
            } else {
                counters.failed.incrementAndGet();
            }
        } else {
            counters.failed.incrementAndGet();
            log.warn("message {} video {} (receive {}): function failed (request {}, {} ms): {}; left for {}",
                    message.messageId(), videoKey, receives, outcome.requestId(), millis, outcome.detail(),
                    retryDescription());
            retryLater(message, videoKey);
        }
    }

    private InvokeOutcome invoke(Message message) {
        InvokeResponse response;
        try {
            response = lambda.invoke(request -> request.functionName(config.functionName())
                    .invocationType(config.invocationType())
                    .payload(SdkBytes.fromUtf8String(message.body())));
        } catch (AwsServiceException e) {
            return new InvokeOutcome(false, orDash(e.requestId()), OneLine.of(e));
        } catch (SdkException e) {
            return new InvokeOutcome(false, "-", OneLine.of(e));
        }
        String requestId = orDash(response.responseMetadata().requestId());
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            return new InvokeOutcome(false, requestId, response.functionError() + " " + describeError(payload));
        }
        int status = response.statusCode() == null ? 0 : response.statusCode();
        if (status < 200 || status > 299) {
            return new InvokeOutcome(false, requestId, "status " + status + " " + OneLine.truncate(payload));
        }
        String detail = payload.isEmpty() ? "status " + status : truncatePayload(payload);
        return new InvokeOutcome(true, requestId, detail);
    }

    /** {@code errorType: errorMessage} from a Lambda error payload, or the payload itself. */
    private String describeError(String payload) {
        try {
            JsonNode error = json.readTree(payload);
            if (error != null && error.isObject() && error.has("errorMessage")) {
                String type = error.path("errorType").asText("");
                String text = type.isEmpty() ? error.path("errorMessage").asText()
                        : type + ": " + error.path("errorMessage").asText();
                return OneLine.truncate(text);
            }
        } catch (IOException e) {
            // not JSON: log it as it is
        }
        return truncatePayload(payload);
    }

    private static String truncatePayload(String payload) {
        String line = OneLine.truncate(payload);
        return line.length() <= MAX_LOGGED_PAYLOAD ? line : line.substring(0, MAX_LOGGED_PAYLOAD) + "…";
    }

    private boolean delete(Message message, String videoKey) {
        try {
            sqs.deleteMessage(request -> request.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
            return true;
        } catch (SdkException e) {
            log.warn("message {} video {}: could not delete it, it will be delivered again: {}",
                    message.messageId(), videoKey, OneLine.of(e));
            return false;
        }
    }

    /** Leaves the message in the queue; with a retry delay, makes it visible again after that delay. */
    private void retryLater(Message message, String videoKey) {
        if (config.retryDelay().isEmpty()) {
            return;
        }
        int seconds = (int) config.retryDelay().get().toSeconds();
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queue.url())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            log.warn("message {} video {}: could not set its retry delay, it comes back after its visibility "
                    + "timeout instead: {}", message.messageId(), videoKey, OneLine.of(e));
        }
    }

    private String retryDescription() {
        String when = config.retryDelay()
                .map(delay -> "a retry in " + Durations.format(delay))
                .orElse("a retry after the visibility timeout");
        return queue.maxReceiveCount().isPresent()
                ? when + " (dead-letter queue after " + queue.maxReceiveCount().getAsInt() + " receives)"
                : when;
    }

    private static int receiveCount(Message message) {
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

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    /** What one Invoke came to: success or not, the Lambda request id, and the result or the error. */
    private record InvokeOutcome(boolean succeeded, String requestId, String detail) {}
}
