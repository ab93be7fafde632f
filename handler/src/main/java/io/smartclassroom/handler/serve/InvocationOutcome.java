package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

/** What an invocation answers with: the function's output, or an error body with {@code functionError} "Unhandled". */
record InvocationOutcome(String functionError, byte[] body) {
    static final String UNHANDLED = "Unhandled";

    InvocationOutcome {
        requireNonNull(body, "body");
    }

    static InvocationOutcome output(byte[] body) {
        return new InvocationOutcome(null, body);
    }

    static InvocationOutcome unhandled(byte[] errorBody) {
        return new InvocationOutcome(UNHANDLED, errorBody);
    }
}
