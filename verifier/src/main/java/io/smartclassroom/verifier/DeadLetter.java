package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventFormatException;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One message of the dead-letter queue as a peek saw it: its body, the video keys the body names (empty when
 * the body is not an S3 event notification), its message attributes and the receipt handle of the peek.
 */
public record DeadLetter(
        String messageId,
        String receiptHandle,
        String body,
        List<String> videos,
        Map<String, MessageAttributeValue> attributes,
        int approximateReceiveCount) {

    /** The attributes the monitor adds when it dead-letters a message; a redrive does not send them back. */
    public static final Set<String> DEAD_LETTER_ATTRIBUTES = Set.of(
            DeadLetterAttributes.REASON, DeadLetterAttributes.KIND, DeadLetterAttributes.ERROR_TYPE,
            DeadLetterAttributes.FAILED_AT, DeadLetterAttributes.SOURCE_QUEUE, DeadLetterAttributes.RECEIVE_COUNT,
            DeadLetterAttributes.REQUEST_ID);

    /** The kind of a message without a {@link DeadLetterAttributes#KIND} attribute. */
    public static final String UNKNOWN_KIND = "unknown";

    public DeadLetter {
        requireNonNull(messageId, "messageId");
        requireNonNull(receiptHandle, "receiptHandle");
        requireNonNull(body, "body");
        videos = List.copyOf(requireNonNull(videos, "videos"));
        attributes = Map.copyOf(requireNonNull(attributes, "attributes"));
    }

    /** Reads a message received with all message attributes and {@code ApproximateReceiveCount}. */
    public static DeadLetter of(Message message, S3EventNotifications events) {
        requireNonNull(message, "message");
        requireNonNull(events, "events");
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        int receives;
        try {
            receives = count == null ? -1 : Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            receives = -1;
        }
        String body = message.body() == null ? "" : message.body();
        return new DeadLetter(message.messageId(), message.receiptHandle(), body, videos(body, events),
                message.messageAttributes(), receives);
    }

    private static List<String> videos(String body, S3EventNotifications events) {
        try {
            if (events.parse(body) instanceof S3Message.ObjectEvents objectEvents) {
                return objectEvents.records().stream().map(record -> record.object().key()).toList();
            }
            return List.of();
        } catch (S3EventFormatException e) {
            return List.of();
        }
    }

    /** The String value of a message attribute, if the message has it and it is not blank. */
    public Optional<String> attribute(String name) {
        MessageAttributeValue value = attributes.get(name);
        if (value == null || value.stringValue() == null || value.stringValue().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.stringValue());
    }

    public String kind() {
        return attribute(DeadLetterAttributes.KIND).orElse(UNKNOWN_KIND);
    }

    /**
     * How many times the message had been received when the monitor gave up ({@link DeadLetterAttributes#RECEIVE_COUNT});
     * without that attribute {@code ~} and SQS's ApproximateReceiveCount, which counts every peek too.
     */
    public String receives() {
        return attribute(DeadLetterAttributes.RECEIVE_COUNT)
                .orElse(approximateReceiveCount < 0 ? "?" : "~" + approximateReceiveCount);
    }

    /** Whether the body names {@code video} among its object keys. */
    public boolean isFor(String video) {
        return videos.contains(video);
    }

    /** The message attributes a redrive sends back with the body: all but the dead-letter ones. */
    public Map<String, MessageAttributeValue> originalAttributes() {
        Map<String, MessageAttributeValue> original = new LinkedHashMap<>(attributes);
        original.keySet().removeAll(DEAD_LETTER_ATTRIBUTES);
        return original;
    }
}
