package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The request queue as the monitor uses it: its URL, the visibility timeout the heartbeat renews, and
 * (when the queue has a redrive policy) how many receives a message gets before it goes to the DLQ.
 */
record QueueInfo(String url, Duration visibilityTimeout, OptionalInt maxReceiveCount) {

    QueueInfo {
        requireNonNull(url, "url");
        requireNonNull(visibilityTimeout, "visibilityTimeout");
        requireNonNull(maxReceiveCount, "maxReceiveCount");
    }

    /** Resolves the queue's URL (GetQueueUrl for a name) and reads its attributes. */
    static QueueInfo resolve(SqsClient sqs, MonitorConfig config, ObjectMapper json) {
        String url;
        if (config.queue() instanceof QueueRef.Name name) {
            try {
                url = sqs.getQueueUrl(request -> request.queueName(name.name())).queueUrl();
            } catch (SdkException e) {
                throw new MonitorStartException(
                        "cannot find queue '" + name.name() + "': " + OneLine.of(e), e);
            }
        } else {
            url = ((QueueRef.Url) config.queue()).url();
        }
        Map<QueueAttributeName, String> attributes;
        try {
            attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                    .attributes();
        } catch (SdkException e) {
            throw new MonitorStartException("cannot read the attributes of queue " + url + ": " + OneLine.of(e), e);
        }
        // SQS counts visibility in whole seconds: round a configured value up
        Duration visibilityTimeout = config.visibilityTimeout()
                .map(timeout -> Duration.ofSeconds((timeout.toMillis() + 999) / 1000))
                .orElseGet(() -> {
                    String seconds = attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT);
                    long value = seconds == null ? 30 : Long.parseLong(seconds.strip());
                    // a queue with visibility timeout 0 gets 1 s leases from the heartbeat; less is meaningless
                    return Duration.ofSeconds(Math.max(1, value));
                });
        return new QueueInfo(url, visibilityTimeout,
                maxReceiveCount(attributes.get(QueueAttributeName.REDRIVE_POLICY), json));
    }

    private static OptionalInt maxReceiveCount(String redrivePolicy, ObjectMapper json) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            JsonNode count = json.readTree(redrivePolicy).path("maxReceiveCount");
            if (count.isNumber()) {
                return OptionalInt.of(count.asInt());
            }
            if (count.isTextual() && count.asText().strip().matches("\\d+")) {
                return OptionalInt.of(Integer.parseInt(count.asText().strip()));
            }
            return OptionalInt.empty();
        } catch (JsonProcessingException e) {
            return OptionalInt.empty();
        }
    }

    /** {@code 2/3} when the queue has a redrive policy with maxReceiveCount 3, else {@code 2}. */
    String receives(int receiveCount) {
        String count = receiveCount < 0 ? "?" : Integer.toString(receiveCount);
        return maxReceiveCount.isPresent() ? count + "/" + maxReceiveCount.getAsInt() : count;
    }
}
