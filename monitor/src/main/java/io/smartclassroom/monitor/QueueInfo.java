package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The request queue as the monitor uses it: its URL, its own visibility timeout (for the log; the monitor
 * receives with its own lease), and from its redrive policy how many receives a message gets
 * ({@code maxReceiveCount}) and the URL of the dead-letter queue the monitor moves messages to.
 */
record QueueInfo(String url, Duration queueVisibilityTimeout, OptionalInt maxReceiveCount,
        Optional<String> deadLetterUrl) {

    QueueInfo {
        requireNonNull(url, "url");
        requireNonNull(queueVisibilityTimeout, "queueVisibilityTimeout");
        requireNonNull(maxReceiveCount, "maxReceiveCount");
        requireNonNull(deadLetterUrl, "deadLetterUrl");
    }

    /** Resolves the queue's URL (GetQueueUrl for a name), reads its attributes and finds its dead-letter queue. */
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
        String seconds = attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT);
        Duration queueVisibility = Duration.ofSeconds(seconds == null ? 30 : Long.parseLong(seconds.strip()));
        JsonNode policy = redrivePolicy(attributes.get(QueueAttributeName.REDRIVE_POLICY), json);
        return new QueueInfo(url, queueVisibility, maxReceiveCount(policy), deadLetterUrl(sqs, url, policy));
    }

    private static JsonNode redrivePolicy(String text, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.missingNode();
        }
    }

    private static OptionalInt maxReceiveCount(JsonNode policy) {
        JsonNode count = policy.path("maxReceiveCount");
        if (count.isNumber()) {
            return OptionalInt.of(count.asInt());
        }
        if (count.isTextual() && count.asText().strip().matches("\\d+")) {
            return OptionalInt.of(Integer.parseInt(count.asText().strip()));
        }
        return OptionalInt.empty();
    }

    /** The DLQ's URL from the policy's {@code deadLetterTargetArn} ({@code arn:aws:sqs:region:account:name}). */
    private static Optional<String> deadLetterUrl(SqsClient sqs, String queueUrl, JsonNode policy) {
        String arn = policy.path("deadLetterTargetArn").asText("");
        if (arn.isBlank()) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"sqs".equals(parts[2]) || parts[5].isBlank()) {
            throw new MonitorStartException("the redrive policy of queue " + queueUrl
                    + " names a dead-letter queue that is not an SQS queue ARN: '" + arn + "'", null);
        }
        String account = parts[4];
        String name = parts[5];
        try {
            return Optional.of(sqs.getQueueUrl(request -> {
                request.queueName(name);
                if (!account.isBlank()) {
                    request.queueOwnerAWSAccountId(account);
                }
            }).queueUrl());
        } catch (SdkException e) {
            throw new MonitorStartException("cannot find the dead-letter queue " + arn + " of queue " + queueUrl
                    + " (from its redrive policy): " + OneLine.of(e), e);
        }
    }

    /** {@code 2/3} when the queue has a redrive policy with maxReceiveCount 3, else {@code 2}. */
    String receives(int receiveCount) {
        String count = receiveCount < 0 ? "?" : Integer.toString(receiveCount);
        return maxReceiveCount.isPresent() ? count + "/" + maxReceiveCount.getAsInt() : count;
    }

    /** True when receive {@code receiveCount} is the last the redrive policy allows. */
    boolean isLastReceive(int receiveCount) {
        return maxReceiveCount.isPresent() && receiveCount >= maxReceiveCount.getAsInt();
    }
}
