package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the JSON that S3 sends for bucket notifications (event version 2.1). Object keys in
 * the JSON are URL-encoded the way S3 encodes them (form encoding: a space is {@code +}); {@link #parse}
 * decodes them and {@link #objectCreated} encodes them.
 */
public final class S3EventNotifications {
    private final ObjectMapper json;

    public S3EventNotifications(ObjectMapper json) {
        this.json = requireNonNull(json, "json");
    }

    public S3EventNotifications() {
        this(new ObjectMapper());
    }

    /** Parses an SQS message body (or a Lambda payload) sent for an S3 notification. */
    public S3Message parse(String body) throws S3EventFormatException {
        requireNonNull(body, "body");
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new S3EventFormatException("body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new S3EventFormatException("body is not a JSON object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
            return new S3Message.TestEvent(root.path("Bucket").asText(""));
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new S3EventFormatException("body has no \"Records\" array: not an S3 event notification");
        }
        List<S3Message.ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(parseRecord(records.get(i), i));
        }
        return new S3Message.ObjectEvents(events);
    }

    private static S3Message.ObjectEvent parseRecord(JsonNode record, int index) throws S3EventFormatException {
        JsonNode s3 = record.path("s3");
        String bucket = s3.path("bucket").path("name").asText("");
        String encodedKey = s3.path("object").path("key").asText("");
        if (bucket.isEmpty() || encodedKey.isEmpty()) {
            throw new S3EventFormatException("record " + index + " has no s3.bucket.name or s3.object.key");
        }
        String key;
        try {
            key = decodeKey(encodedKey);
        } catch (IllegalArgumentException e) {
            throw new S3EventFormatException("record " + index + " has a badly encoded key: " + encodedKey, e);
        }
        String eventName = record.path("eventName").asText("ObjectCreated:Put");
        JsonNode object = s3.path("object");
        long size = object.path("size").asLong(-1);
        String sequencerText = object.path("sequencer").asText(null);
        S3Sequencer sequencer = S3Sequencer.parseOrNull(sequencerText);
        if (sequencerText != null && !sequencerText.isBlank() && sequencer == null) {
            throw new S3EventFormatException("record " + index + " has an s3.object.sequencer that is not hexadecimal: "
                    + sequencerText);
        }
        return new S3Message.ObjectEvent(eventName, new S3ObjectRef(bucket, key, size),
                Optional.ofNullable(object.path("eTag").asText(null)),
                Optional.ofNullable(object.path("versionId").asText(null)),
                Optional.ofNullable(sequencer));
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
        record.put("eventSource", "aws:s3");
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
