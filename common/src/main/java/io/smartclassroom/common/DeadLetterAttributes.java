package io.smartclassroom.common;

/**
 * The SQS message attributes the monitor puts on a message it moves to the dead-letter queue, so whoever reads
 * the DLQ ({@code verifier dlq}) sees why without searching logs. All are String attributes.
 */
public final class DeadLetterAttributes {
    private DeadLetterAttributes() {}

    /** The sentence that says what was wrong, e.g. {@code s3://in/a.mp4 is not a video container FFmpeg knows}. */
    public static final String REASON = "smart-classroom-reason";
    /** The kind: a {@link VideoRejectedException.Reason#code()}, {@code function-error} or {@code not-an-s3-event}. */
    public static final String KIND = "smart-classroom-kind";
    /** The function's {@code errorType}, when the function reported the failure. */
    public static final String ERROR_TYPE = "smart-classroom-error-type";
    /** When the monitor gave up on the message (ISO-8601 instant). */
    public static final String FAILED_AT = "smart-classroom-failed-at";
    /** The queue the message came from: where a redrive sends it back. */
    public static final String SOURCE_QUEUE = "smart-classroom-source-queue";
    /** How many times the message had been received when the monitor gave up. */
    public static final String RECEIVE_COUNT = "smart-classroom-receive-count";
    /** The Lambda request id of the last invocation, to find its log. */
    public static final String REQUEST_ID = "smart-classroom-request-id";

    /** The kind of a function error that is not a rejection, once its retries are used up. */
    public static final String KIND_FUNCTION_ERROR = "function-error";
    /** The kind of a message whose body is not an S3 event notification. */
    public static final String KIND_NOT_AN_S3_EVENT = "not-an-s3-event";
}
