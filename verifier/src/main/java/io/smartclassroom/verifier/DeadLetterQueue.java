package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3EventNotifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads a dead-letter queue without consuming it. A peek receives batches of 10, hidden for {@code hold} so
 * that the next receive brings other messages, until {@code quietReceives} receives in a row bring no message id
 * it has not seen; {@link #release} then makes them visible again at once. What a peek received stays hidden
 * until it is released or deleted (or {@code hold} passes, if the process dies).
 */
public final class DeadLetterQueue {
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String url;
    private final S3EventNotifications events;
    private final Duration hold;
    private final Duration wait;
    private final int quietReceives;

    public DeadLetterQueue(SqsClient sqs, String url, S3EventNotifications events, Duration hold, Duration wait, int quietReceives) {
        this.sqs = requireNonNull(sqs, "sqs");
        this.url = requireNonNull(url, "url");
        this.events = requireNonNull(events, "events");
        this.hold = requireNonNull(hold, "hold");
        this.wait = requireNonNull(wait, "wait");
        if (hold.toSeconds() < 1 || hold.toSeconds() > 43_200) {
            throw new IllegalArgumentException("hold must be 1 s to 12 h (SQS visibility timeout), got " + hold);
        }
        if (wait.toSeconds() > 20) {
            throw new IllegalArgumentException("wait must be at most 20 s (SQS long polling), got " + wait);
        }
        if (quietReceives < 1) {
            throw new IllegalArgumentException("quietReceives must be at least 1, got " + quietReceives);
        }
        this.quietReceives = quietReceives;
    }

    /** What a peek saw: the messages, in the order received, and whether it stopped at {@code max}. */
    public record Peek(List<DeadLetter> messages, boolean stoppedAtMax) {
        public Peek {
            messages = List.copyOf(requireNonNull(messages, "messages"));
        }
    }

    public String url() {
        return url;
    }

    /** Receives up to {@code max} distinct messages; the caller must {@link #release} or {@link #delete} each. */
    public Peek peek(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        Map<String, DeadLetter> seen = new LinkedHashMap<>();
        List<DeadLetter> extra = new ArrayList<>();
        int quiet = 0;
        while (quiet < quietReceives && seen.size() < max) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(url)
                    .maxNumberOfMessages(BATCH)
                    .visibilityTimeout((int) hold.toSeconds())
                    .waitTimeSeconds((int) wait.toSeconds())
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            boolean anyNew = false;
            for (Message message : batch) {
                DeadLetter letter = DeadLetter.of(message, events);
                if (seen.containsKey(letter.messageId())) {
                    // received again (its hold ran out): only the newest receipt handle is valid
                    seen.put(letter.messageId(), letter);
                } else if (seen.size() < max) {
                    seen.put(letter.messageId(), letter);
                    anyNew = true;
                } else {
                    extra.add(letter);
                }
            }
            quiet = anyNew ? 0 : quiet + 1;
        }
        release(extra);
        return new Peek(new ArrayList<>(seen.values()), seen.size() >= max);
    }

    /** Makes peeked messages visible again at once. */
    public void release(Collection<DeadLetter> letters) {
        List<DeadLetter> list = List.copyOf(letters);
        for (int from = 0; from < list.size(); from += BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<DeadLetter> chunk = list.subList(from, Math.min(list.size(), from + BATCH));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(request -> request.queueUrl(url).entries(entries));
        }
    }

    /** Deletes a peeked message for good. */
    public void delete(DeadLetter letter) {
        sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(letter.receiptHandle()));
    }

    /**
     * Sends {@code letter} back to {@code queueUrl} (its body and its attributes minus the dead-letter ones), then,
     * only once that send succeeded, deletes it from this queue.
     */
    public void redrive(DeadLetter letter, String queueUrl) {
        requireNonNull(queueUrl, "queueUrl");
        sqs.sendMessage(request -> request.queueUrl(queueUrl)
                .messageBody(letter.body())
                .messageAttributes(letter.originalAttributes()));
        delete(letter);
    }
}
