package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.DeadLetterAttributes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a message to the request queue's dead-letter queue with the reason: SendMessage there (the original
 * body, {@link DeadLetterAttributes} as String attributes), then DeleteMessage here. Send first: a crash in
 * between leaves a duplicate, never a loss.
 */
final class DeadLetterQueue {
    private final SqsClient sqs;
    private final String sourceUrl;
    private final String url;
    private final Clock clock;

    DeadLetterQueue(SqsClient sqs, String sourceUrl, String url, Clock clock) {
        this.sqs = requireNonNull(sqs, "sqs");
        this.sourceUrl = requireNonNull(sourceUrl, "sourceUrl");
        this.url = requireNonNull(url, "url");
        this.clock = requireNonNull(clock, "clock");
    }

    String url() {
        return url;
    }

    /** Why a message is dead-lettered. {@code errorType} and {@code requestId} are "-" when there are none. */
    record Reason(String kind, String sentence, String errorType, String requestId) {
        Reason {
            requireNonNull(kind, "kind");
            requireNonNull(sentence, "sentence");
            requireNonNull(errorType, "errorType");
            requireNonNull(requestId, "requestId");
        }
    }

    /**
     * Sends the message to the DLQ, then deletes it from the source queue.
     *
     * @throws SdkException when either call fails; after a failed delete the DLQ holds a copy and the source
     *         queue delivers the message again
     */
    void move(Message message, int receiveCount, Reason reason) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        put(attributes, DeadLetterAttributes.REASON, reason.sentence());
        put(attributes, DeadLetterAttributes.KIND, reason.kind());
        put(attributes, DeadLetterAttributes.ERROR_TYPE, reason.errorType());
        put(attributes, DeadLetterAttributes.FAILED_AT, clock.instant().toString());
        put(attributes, DeadLetterAttributes.SOURCE_QUEUE, sourceUrl);
        put(attributes, DeadLetterAttributes.RECEIVE_COUNT, receiveCount < 0 ? "-" : Integer.toString(receiveCount));
        put(attributes, DeadLetterAttributes.REQUEST_ID, reason.requestId());
        sqs.sendMessage(request -> request.queueUrl(url).messageBody(message.body()).messageAttributes(attributes));
        sqs.deleteMessage(request -> request.queueUrl(sourceUrl).receiptHandle(message.receiptHandle()));
    }

    private static void put(Map<String, MessageAttributeValue> attributes, String name, String value) {
        // SQS rejects empty attribute values
        String text = value == null || value.isBlank() ? "-" : value;
        attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(text).build());
    }
}
