package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

/** What one Invoke came to, as the monitor acts on it. Every outcome carries the Lambda request id ("-" if none). */
sealed interface InvokeOutcome {
    String requestId();

    /**
     * The function did its work: delete the message. {@code detail} is the answer shortened for a log line,
     * {@code payload} the whole answer (a plan or a segment's partial analysis is read from it).
     */
    record Succeeded(String requestId, String detail, String payload) implements InvokeOutcome {
        public Succeeded {
            requireNonNull(requestId, "requestId");
            requireNonNull(detail, "detail");
            requireNonNull(payload, "payload");
        }

        Succeeded(String requestId, String detail) {
            this(requestId, detail, detail);
        }
    }

    /**
     * The function rejected the video for good ({@code VideoRejectedException}): retrying cannot help, move it
     * to the dead-letter queue now.
     *
     * @param kind the reason code that starts the error message, e.g. {@code undecodable}
     * @param message the whole error message
     */
    record Rejected(String requestId, String errorType, String kind, String message) implements InvokeOutcome {
        public Rejected {
            requireNonNull(requestId, "requestId");
            requireNonNull(errorType, "errorType");
            requireNonNull(kind, "kind");
            requireNonNull(message, "message");
        }
    }

    /** The function ran and failed in a way that may pass (incl. its own timeout): retry after a back-off. */
    record FunctionFailed(String requestId, String errorType, String message) implements InvokeOutcome {
        public FunctionFailed {
            requireNonNull(requestId, "requestId");
            requireNonNull(errorType, "errorType");
            requireNonNull(message, "message");
        }
    }

    /** Lambda answered 429: the function is full. Not the video's fault: hold the message, retry it later. */
    record Throttled(String requestId, String detail) implements InvokeOutcome {
        public Throttled {
            requireNonNull(requestId, "requestId");
            requireNonNull(detail, "detail");
        }
    }

    /**
     * The function could not be reached or Lambda itself failed (connection refused, I/O, call timeout, 5xx):
     * not the video's fault. Hold the message and probe until the function answers.
     */
    record Unavailable(String requestId, String detail) implements InvokeOutcome {
        public Unavailable {
            requireNonNull(requestId, "requestId");
            requireNonNull(detail, "detail");
        }
    }
}
