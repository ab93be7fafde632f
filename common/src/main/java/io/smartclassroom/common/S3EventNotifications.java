package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;

/**
 * Reads and writes the JSON that S3 sends for bucket notifications (event version 2.1). Object keys in
 * the JSON are URL-encoded the way S3 encodes them (form encoding: a space is {@code +}); {@link #parse}
 * (the AWS SDK's {@code s3-event-notifications} model, with this project's checks) decodes them and
 * {@link #objectCreated} encodes them.
 */
public final class S3EventNotifications {
    /** The {@code eventSource} of every record S3 sends. */
    public static final String EVENT_SOURCE = "aws:s3";

    private final ObjectMapper json;

    public S3EventNotifications(ObjectMapper json) {
        this.json = requireNonNull(json, "json");
    }

    public S3EventNotifications() {
        this(new ObjectMapper());
    }

    /**
     * Parses an SQS message body (or a Lambda payload) sent for an S3 notification, with the AWS SDK's
     * {@link S3EventNotification#fromJson}. Every record must name its bucket and key, say
     * {@code "eventSource":"aws:s3"} and have an {@code eventName}; its key is URL-decoded ({@code +} is a
     * space) and a sequencer must be hexadecimal.
     */
    public S3Message parse(String body) throws S3EventFormatException {
        requireNonNull(body, "body");
        S3EventNotification notification;
        try {
            notification = S3EventNotification.fromJson(body);
        } catch (UncheckedIOException e) {
            throw new S3EventFormatException("body is not JSON: " + firstLine(e.getCause()), e);
        } catch (RuntimeException e) {
            if (!body.strip().startsWith("{")) {
                throw new S3EventFormatException("body is not a JSON object", e);
            }
            throw new S3EventFormatException("body is not an S3 event notification: " + firstLine(e), e);
        }
        if (notification == null || !body.strip().startsWith("{")) {
            throw new S3EventFormatException("body is not a JSON object");
        }
        List<S3EventNotificationRecord> records = notification.getRecords();
        if (records == null || records.isEmpty()) {
            Optional<S3Message.TestEvent> test = testEvent(body);
            if (test.isPresent()) {
                return test.get();
            }
            throw new S3EventFormatException("body has no \"Records\" array: not an S3 event notification");
        }
        List<S3Message.ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(parseRecord(records.get(i), i));
        }
        return new S3Message.ObjectEvents(events);
    }

    /** {@code s3:TestEvent} is no record, so the SDK's model has no place for it: its two fields are read here. */
    private Optional<S3Message.TestEvent> testEvent(String body) {
        try {
            JsonNode root = json.readTree(body);
            if (root != null && "s3:TestEvent".equals(root.path("Event").asText(null))) {
                return Optional.of(new S3Message.TestEvent(root.path("Bucket").asText("")));
            }
        } catch (JsonProcessingException e) {
            // the SDK read it, so it is JSON; not a test event either way
        }
        return Optional.empty();
    }

    private static S3Message.ObjectEvent parseRecord(S3EventNotificationRecord record, int index)
            throws S3EventFormatException {
        if (record == null) {
            throw new S3EventFormatException("record " + index + " is null");
        }
        S3 s3 = record.getS3();
        S3Bucket s3Bucket = s3 == null ? null : s3.getBucket();
        S3Object object = s3 == null ? null : s3.getObject();
        String bucket = s3Bucket == null || s3Bucket.getName() == null ? "" : s3Bucket.getName();
        String encodedKey = object == null || object.getKey() == null ? "" : object.getKey();
        if (bucket.isEmpty() || encodedKey.isEmpty()) {
            throw new S3EventFormatException("record " + index + " has no s3.bucket.name or s3.object.key");
        }
        String key;
        try {
            key = object.getUrlDecodedKey();
        } catch (IllegalArgumentException e) {
            throw new S3EventFormatException("record " + index + " has a badly encoded key: " + encodedKey, e);
        }
        if (!EVENT_SOURCE.equals(record.getEventSource())) {
            throw new S3EventFormatException("record " + index + " of s3://" + bucket + "/" + key + " has eventSource "
                    + (record.getEventSource() == null ? "missing" : "'" + record.getEventSource() + "'")
                    + ", not " + EVENT_SOURCE);
        }
        String eventName = record.getEventName();
        if (eventName == null || eventName.isBlank()) {
            throw new S3EventFormatException("record " + index + " of s3://" + bucket + "/" + key
                    + " has no eventName (e.g. ObjectCreated:Put)");
        }
        Long size = object.getSizeAsLong();
        String sequencerText = object.getSequencer();
        S3Sequencer sequencer = S3Sequencer.parseOrNull(sequencerText);
        if (sequencerText != null && !sequencerText.isBlank() && sequencer == null) {
            throw new S3EventFormatException("record " + index + " has an s3.object.sequencer that is not hexadecimal: "
                    + sequencerText);
        }
        return new S3Message.ObjectEvent(eventName, new S3ObjectRef(bucket, key, size == null ? -1 : size),
                Optional.ofNullable(object.getETag()),
                Optional.ofNullable(object.getVersionId()),
                Optional.ofNullable(sequencer));
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e == null ? null : e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Builds the notification S3 sends when {@code key} is created in {@code bucket}, with a sequencer made of
     * the time (milliseconds, hexadecimal).
     */
    public String objectCreated(String eventName, S3ObjectRef object, String eTag, String region, Instant time) {
        return objectCreated(eventName, object, eTag,
                new S3Sequencer(Long.toHexString(requireNonNull(time, "time").toEpochMilli())), region, time);
    }

    /** Builds the notification S3 sends when {@code key} is created in {@code bucket}. */
    public String objectCreated(
            String eventName, S3ObjectRef object, String eTag, S3Sequencer sequencer, String region, Instant time) {
        requireNonNull(sequencer, "sequencer");
        requireNonNull(eventName, "eventName");
        requireNonNull(object, "object");
        ObjectNode root = json.createObjectNode();
        ArrayNode records = root.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", EVENT_SOURCE);
        record.put("awsRegion", requireNonNull(region, "region"));
        record.put("eventTime", requireNonNull(time, "time").toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "local-cloud");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "smart-classroom-videos");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", object.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "local-cloud");
        bucket.put("arn", "arn:aws:s3:::" + object.bucket());
        ObjectNode obj = s3.putObject("object");
        obj.put("key", encodeKey(object.key()));
        obj.put("size", Math.max(0, object.size()));
        if (eTag != null) {
            obj.put("eTag", eTag.replace("\"", ""));
        }
        obj.put("sequencer", sequencer.hex());
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an S3 event", e);
        }
    }

    /** Decodes a key as S3 encodes it in notifications: {@code a+b%2C.mp4} is {@code a b,.mp4}. */
    public static String decodeKey(String encodedKey) {
        return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
    }

    /** Encodes a key as S3 does in notifications; folder slashes stay as they are. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
