package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3EventFormatException;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import java.nio.charset.StandardCharsets;

/**
 * One accepted Invoke request: its id, {@code RequestResponse} or {@code Event}, the payload, and the key
 * of the first video the payload names (for the logs; {@code null} when it is not an S3 event).
 */
record InvocationRequest(String functionName, String requestId, String invocationType, byte[] payload, String videoKey) {
    InvocationRequest {
        requireNonNull(functionName, "functionName");
        requireNonNull(requestId, "requestId");
        requireNonNull(invocationType, "invocationType");
        requireNonNull(payload, "payload");
    }

    /** The key of the first object an S3 event payload names, or {@code null} for any other payload. */
    static String videoKeyOf(byte[] payload, S3EventNotifications events) {
        if (payload.length == 0) {
            return null;
        }
        try {
            return events.parse(new String(payload, StandardCharsets.UTF_8)) instanceof S3Message.ObjectEvents objects
                    ? objects.records().get(0).object().key()
                    : null;
        } catch (S3EventFormatException e) {
            return null;
        }
    }
}
