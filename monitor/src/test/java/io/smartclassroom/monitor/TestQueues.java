package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates uniquely named request queues with a dead-letter queue, and reads them back, for one test each. */
final class TestQueues {
    private final SqsClient sqs;

    TestQueues(SqsClient sqs) {
        this.sqs = requireNonNull(sqs, "sqs");
    }

    /** A request queue and its dead-letter queue. */
    record QueuePair(String url, String deadLetterUrl) {}

    /** A queue whose messages go to a fresh DLQ after {@code maxReceiveCount} receives. */
    QueuePair create(int visibilityTimeoutSeconds, int maxReceiveCount) {
        String name = "requests-" + UUID.randomUUID().toString().substring(0, 8);
        String deadLetterUrl = sqs.createQueue(request -> request.queueName(name + "-dlq")).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(request -> request.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(request -> request.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + maxReceiveCount + "\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}")))
                .queueUrl();
        return new QueuePair(url, deadLetterUrl);
    }

    void send(String queueUrl, String body) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
    }

    /**
     * Receives (and deletes) messages until {@code expected} have come or {@code timeout} has passed, then
     * makes one more short receive so that extra messages show up too; returns the bodies.
     */
    List<String> drain(String queueUrl, int expected, Duration timeout) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            bodies.addAll(receiveAndDelete(queueUrl, 1));
        }
        List<String> more;
        do {
            more = receiveAndDelete(queueUrl, 0);
            bodies.addAll(more);
        } while (!more.isEmpty());
        return bodies;
    }

    private List<String> receiveAndDelete(String queueUrl, int waitSeconds) {
        List<String> bodies = new ArrayList<>();
        for (Message message : sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)).messages()) {
            bodies.add(message.body());
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }

    /**
     * Receives (and deletes) whole messages, with their message attributes, until {@code expected} have come or
     * {@code timeout} has passed.
     */
    List<Message> drainMessages(String queueUrl, int expected, Duration timeout) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                messages.add(message);
                sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return messages;
    }

    /** Messages in the queue, visible or not (in flight). */
    int size(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Messages received and not yet deleted or visible again. */
    int notVisible(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
