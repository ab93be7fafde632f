package io.smartclassroom.common.fanout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of the fan-out requests and answers, shared by the monitor (which writes requests) and the function
 * (which reads them). A request is an object whose {@value #KIND} field names it:
 * <pre>
 * {"smartClassroom":"plan",    "event":{…S3 event notification…}}                       → SegmentPlan
 * {"smartClassroom":"segment", "event":{…}, "segment":{"index":0,"count":3,"start_s":0,"end_s":12}} → PartialAnalysis
 * {"smartClassroom":"merge",   "event":{…}, "partials":[PartialAnalysis, …]}              → the function's result
 * </pre>
 * Any other payload (no {@value #KIND} field) is not a fan-out request: the function reads it as an S3 event
 * notification, as before. Thread-safe.
 */
public final class FunctionRequests {
    /** The field that marks and names a fan-out request. */
    public static final String KIND = "smartClassroom";
    public static final String PLAN = "plan";
    public static final String SEGMENT = "segment";
    public static final String MERGE = "merge";

    private final ObjectMapper json;
    private final CollectionType partialList;

    public FunctionRequests(ObjectMapper json) {
        this.json = requireNonNull(json, "json");
        this.partialList = json.getTypeFactory().constructCollectionType(List.class, PartialAnalysis.class);
    }

    public FunctionRequests() {
        this(new ObjectMapper());
    }

    /**
     * The fan-out request in {@code payload}, or empty when the payload is not one (then it is an S3 event).
     *
     * @throws IllegalArgumentException when it is marked as a fan-out request but malformed; the message says
     *     which field
     */
    public Optional<FunctionRequest> parse(String payload) {
        requireNonNull(payload, "payload");
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            return Optional.empty(); // not JSON: the S3 event parser says what is wrong
        }
        if (root == null || !root.isObject() || !root.has(KIND)) {
            return Optional.empty();
        }
        String kind = root.get(KIND).asText();
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the " + kind + " request has no \"event\" object (the S3 event notification)");
        }
        String eventText = event.toString();
        try {
            return Optional.of(switch (kind) {
                case PLAN -> new FunctionRequest.Plan(eventText);
                case SEGMENT -> new FunctionRequest.Segment(eventText,
                        json.treeToValue(required(root, SEGMENT, kind), VideoSegment.class));
                case MERGE -> new FunctionRequest.Merge(eventText,
                        json.readValue(json.treeAsTokens(required(root, "partials", kind)), partialList));
                default -> throw new IllegalArgumentException("\"" + KIND + "\" is '" + kind + "', not one of "
                        + PLAN + ", " + SEGMENT + ", " + MERGE);
            });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the " + kind + " request is malformed: " + firstLine(e), e);
        }
    }

    private static JsonNode required(JsonNode root, String field, String kind) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the " + kind + " request has no \"" + field + "\"");
        }
        return value;
    }

    /** The plan request for the video of {@code eventBody} (an S3 event notification). */
    public String plan(String eventBody) {
        return write(request(PLAN, eventBody));
    }

    public String segment(String eventBody, VideoSegment segment) {
        ObjectNode request = request(SEGMENT, eventBody);
        request.set(SEGMENT, json.valueToTree(requireNonNull(segment, "segment")));
        return write(request);
    }

    public String merge(String eventBody, List<PartialAnalysis> partials) {
        ObjectNode request = request(MERGE, eventBody);
        request.set("partials", json.valueToTree(requireNonNull(partials, "partials")));
        return write(request);
    }

    public String write(FunctionRequest request) {
        requireNonNull(request, "request");
        if (request instanceof FunctionRequest.Segment segment) {
            return segment(segment.event(), segment.segment());
        }
        if (request instanceof FunctionRequest.Merge merge) {
            return merge(merge.event(), merge.partials());
        }
        return plan(request.event());
    }

    public String write(SegmentPlan plan) {
        return write((Object) requireNonNull(plan, "plan"));
    }

    public String write(PartialAnalysis partial) {
        return write((Object) requireNonNull(partial, "partial"));
    }

    /** @throws IllegalArgumentException when {@code answer} is not a plan; the message says why */
    public SegmentPlan readPlan(String answer) {
        return read(answer, SegmentPlan.class, "plan");
    }

    /** @throws IllegalArgumentException when {@code answer} is not a partial analysis; the message says why */
    public PartialAnalysis readPartial(String answer) {
        return read(answer, PartialAnalysis.class, "partial analysis");
    }

    private <T> T read(String answer, Class<T> type, String what) {
        requireNonNull(answer, "answer");
        try {
            return json.readValue(answer, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the function's answer is not a " + what + ": " + firstLine(e), e);
        }
    }

    private ObjectNode request(String kind, String eventBody) {
        requireNonNull(eventBody, "eventBody");
        ObjectNode request = json.createObjectNode();
        request.put(KIND, kind);
        try {
            JsonNode event = json.readTree(eventBody);
            if (event == null || !event.isObject()) {
                throw new IllegalArgumentException("the event is not a JSON object");
            }
            request.set("event", event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + firstLine(e), e);
        }
        return request;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
