package io.smartclassroom.common;

import java.util.List;

/**
 * The CloudWatch metrics of the pipeline, shared by their writers (the handler's Embedded Metric Format records,
 * the monitor's PutMetricData) and by provisioning's alarms on them. All live in {@link #NAMESPACE}.
 */
public final class MetricNames {
    private MetricNames() {}

    /** The namespace of every metric the project writes itself (the monitor's IAM policy is limited to it). */
    public static final String NAMESPACE = "SmartClassroom";

    /** Dimension of the function's metrics: the Lambda function's name. */
    public static final String FUNCTION_NAME = "FunctionName";
    /** Dimension of the function's metrics: what became of the video (see {@link Outcome}). */
    public static final String OUTCOME = "Outcome";
    /** Dimension of the monitor's metrics: the request queue's name. */
    public static final String QUEUE_NAME = "QueueName";

    // The function, one EMF record per video.
    public static final String VIDEOS_PROCESSED = "VideosProcessed";
    public static final String VIDEOS_FAILED = "VideosFailed";
    public static final String STUDENTS_RECOGNISED = "StudentsRecognised";
    public static final String UNKNOWN_FACES = "UnknownFaces";
    public static final String FRAMES_EXAMINED = "FramesExamined";
    public static final String FETCH_MILLIS = "FetchMillis";
    public static final String RECOGNISE_MILLIS = "RecogniseMillis";
    public static final String LOOKUP_MILLIS = "LookupMillis";
    public static final String WRITE_MILLIS = "WriteMillis";
    public static final String TOTAL_MILLIS = "TotalMillis";

    // The monitor, every interval.
    public static final String MESSAGES_RECEIVED = "MessagesReceived";
    public static final String MESSAGES_SUCCEEDED = "MessagesSucceeded";
    public static final String MESSAGES_FAILED = "MessagesFailed";
    public static final String MESSAGES_REDELIVERED = "MessagesRedelivered";
    public static final String MESSAGES_IN_FLIGHT = "MessagesInFlight";
    public static final String DEAD_LETTER_QUEUE_DEPTH = "DeadLetterQueueDepth";
    /** 1 every interval while the monitor runs: its absence is what the heartbeat alarm watches. */
    public static final String MONITOR_HEARTBEAT = "MonitorHeartbeat";

    /** The values of the {@link #OUTCOME} dimension: two for a written result, the others name a failure's kind. */
    public static final class Outcome {
        private Outcome() {}

        public static final String STUDENTS_FOUND = "students-found";
        public static final String NO_STUDENTS = "no-students";
        /** The event was older than the video or its result (nothing written; not a failure). */
        public static final String SUPERSEDED = "superseded";
        /** The video was rejected for good ({@link VideoRejectedException.Reason}): {@code rejected-<reason>}. */
        public static final String REJECTED_PREFIX = "rejected-";
        /** Any other failure (retried by the monitor). */
        public static final String ERROR = "error";

        public static String rejected(VideoRejectedException.Reason reason) {
            return REJECTED_PREFIX + reason.code();
        }
    }

    /** The monitor's metric names, in the order it publishes them. */
    public static final List<String> MONITOR_METRICS = List.of(MESSAGES_RECEIVED, MESSAGES_SUCCEEDED, MESSAGES_FAILED,
            MESSAGES_REDELIVERED, MESSAGES_IN_FLIGHT, DEAD_LETTER_QUEUE_DEPTH, MONITOR_HEARTBEAT);
}
