package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The function's word that a video can never be processed as it is: retrying cannot help. Lambda reports an
 * uncaught exception as a function error whose {@code errorType} is the exception's class name, so the monitor
 * knows a rejection by {@link #ERROR_TYPE} and its kind by the message's first word ({@code undecodable: ...}),
 * and sends such a message to the dead-letter queue at once, with the reason, instead of retrying it. Every other
 * function error may be passing and is retried.
 */
public final class VideoRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code errorType} of a rejection in a Lambda error payload. */
    public static final String ERROR_TYPE = VideoRejectedException.class.getName();

    /** Why a video is rejected; {@link #code()} is the message's first word. */
    public enum Reason {
        /** Not a video the decoder can read: empty, truncated, another kind of file, a container not accepted. */
        UNDECODABLE,
        /** The object (or its bucket) does not exist, or is no longer the one the event named. */
        NOT_FOUND,
        /** Over a configured limit: size, duration, pixels per frame, records per event. */
        OVER_LIMIT,
        /** The payload is not an S3 event notification, or an event the function must not act on. */
        INVALID_EVENT,
        /**
         * The invocation would have outlived the function's timeout: it stopped cleanly (nothing written) with
         * {@code Context.getRemainingTimeInMillis()} under its safety margin. Retrying the same work cannot help;
         * shorter segments ({@code SEGMENT_SECONDS}) or a longer function timeout can.
         */
        TIMEOUT;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The reason whose code starts {@code message} ({@code "undecodable: ..."}), if any. */
        public static Optional<Reason> ofMessage(String message) {
            if (message == null) {
                return Optional.empty();
            }
            int colon = message.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String code = message.substring(0, colon);
            for (Reason reason : values()) {
                if (reason.code().equals(code)) {
                    return Optional.of(reason);
                }
            }
            return Optional.empty();
        }
    }

    private final Reason reason;

    public VideoRejectedException(Reason reason, String detail, Throwable cause) {
        super(requireNonNull(reason, "reason").code() + ": " + requireNonNull(detail, "detail"), cause);
        this.reason = reason;
    }

    public VideoRejectedException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the reason's code: the sentence a person reads. */
    public String detail() {
        return getMessage().substring(reason.code().length() + 2);
    }
}
