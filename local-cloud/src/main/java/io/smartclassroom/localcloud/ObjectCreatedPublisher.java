package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.S3Sequencer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Sends the S3 event notification that AWS would send when an object is created in a bucket that has
 * a notification configured. The queue is looked up by name when the first event is sent, so the
 * queue may be created (by provisioning) after the local cloud starts.
 */
final class ObjectCreatedPublisher {
    private static final Logger log = LoggerFactory.getLogger(ObjectCreatedPublisher.class);

    private final SqsClient sqs;
    private final Map<String, String> queueByBucket;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final S3EventNotifications events = new S3EventNotifications();
    private final Map<String, AtomicLong> sequencers = new ConcurrentHashMap<>();
    private final String region;
    private final Clock clock;

    ObjectCreatedPublisher(SqsClient sqs, List<BucketNotification> notifications, String region, Clock clock) {
        this.sqs = requireNonNull(sqs, "sqs");
        this.queueByBucket = new ConcurrentHashMap<>();
        for (BucketNotification notification : notifications) {
            queueByBucket.put(notification.bucket(), notification.queueName());
        }
        this.region = requireNonNull(region, "region");
        this.clock = requireNonNull(clock, "clock");
    }

    boolean notifies(String bucket) {
        return queueByBucket.containsKey(bucket);
    }

    /** Sends the event; a failure is logged (as AWS would drop it), never thrown at the uploader. */
    void objectCreated(String eventName, S3ObjectRef object, String eTag) {
        String queueName = queueByBucket.get(object.bucket());
        if (queueName == null) {
            return;
        }
        String body = events.objectCreated(eventName, object, eTag, nextSequencer(object.bucket()), region, clock.instant());
        Optional<String> queueUrl = queueUrl(queueName);
        if (queueUrl.isEmpty()) {
            log.error("event={} key={} bucket={} queue={}: queue does not exist, notification not delivered",
                    eventName, object.key(), object.bucket(), queueName);
            return;
        }
        try {
            SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(queueUrl.get()).messageBody(body));
            log.info("event={} key={} bucket={} queue={} messageId={}",
                    eventName, object.key(), object.bucket(), queueName, sent.messageId());
        } catch (RuntimeException e) {
            queueUrls.remove(queueName);
            log.error("event={} key={} bucket={} queue={}: notification not delivered: {}",
                    eventName, object.key(), object.bucket(), queueName, e.toString());
        }
    }

    /**
     * The next sequencer of a bucket: 16 hex digits that increase with every event of the bucket, starting from
     * the clock (microseconds) so they also increase across restarts of the local cloud.
     */
    private S3Sequencer nextSequencer(String bucket) {
        long next = sequencers.computeIfAbsent(bucket, name -> new AtomicLong(clock.millis() * 1000)).incrementAndGet();
        return new S3Sequencer("%016X".formatted(next));
    }

    private Optional<String> queueUrl(String queueName) {
        String known = queueUrls.get(queueName);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            queueUrls.put(queueName, url);
            return Optional.of(url);
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }
}
