package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/** The JSON bodies AWS Lambda answers with when an invocation does not return the function's output. */
final class LambdaErrors {
    static final String THROTTLED_TYPE = "TooManyRequestsException";
    static final String THROTTLED_REASON = "ReservedFunctionConcurrentInvocationLimitExceeded";
    static final String TIMED_OUT_TYPE = "Sandbox.Timedout";

    private final ObjectMapper json;

    LambdaErrors(ObjectMapper json) {
        this.json = requireNonNull(json, "json");
    }

    /** What Lambda's Java runtime returns (with {@code X-Amz-Function-Error: Unhandled}) for an uncaught exception. */
    byte[] unhandled(Throwable error) {
        return bytes(errorNode(requireNonNull(error, "error")));
    }

    /** What Lambda returns (with {@code X-Amz-Function-Error: Unhandled}) when the function outlives its timeout. */
    byte[] timedOut(String requestId, Duration timeout) {
        ObjectNode body = json.createObjectNode();
        body.put("errorType", TIMED_OUT_TYPE);
        body.put("errorMessage", "RequestId: " + requireNonNull(requestId, "requestId")
                + " Error: Task timed out after " + seconds(timeout) + " seconds");
        return bytes(body);
    }

    /** The 429 body of a TooManyRequestsException for a function at its concurrency limit, exactly as Lambda sends it. */
    byte[] throttled() {
        ObjectNode body = json.createObjectNode();
        body.put("Reason", THROTTLED_REASON);
        body.put("Type", "User");
        body.put("message", "Rate Exceeded.");
        return bytes(body);
    }

    /** The body of an API error (its type goes in the {@code x-amzn-ErrorType} header). */
    byte[] apiError(int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", requireNonNull(message, "message"));
        return bytes(body);
    }

    /** A timeout as Lambda writes it: seconds with two decimals ({@code 900.00}). */
    static String seconds(Duration timeout) {
        return String.format(Locale.ROOT, "%.2f", requireNonNull(timeout, "timeout").toNanos() / 1e9);
    }

    private ObjectNode errorNode(Throwable error) {
        ObjectNode node = json.createObjectNode();
        node.put("errorMessage", error.getMessage() == null ? error.toString() : error.getMessage());
        node.put("errorType", error.getClass().getName());
        ArrayNode trace = node.putArray("stackTrace");
        for (StackTraceElement element : error.getStackTrace()) {
            trace.add(element.toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            node.set("cause", errorNode(error.getCause()));
        }
        return node;
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Lambda error body", e);
        }
    }
}
