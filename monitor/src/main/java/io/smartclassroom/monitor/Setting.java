package io.smartclassroom.monitor;

/**
 * Every setting the monitor reads, with its key in a properties file, its environment variable and its
 * command-line option. Precedence: command line, then environment, then file, then the default.
 */
public enum Setting {
    QUEUE_URL("queue.url", "MONITOR_QUEUE_URL", "--queue-url",
            "URL of the request queue; wins over queue.name given in the same place"),
    QUEUE_NAME("queue.name", "MONITOR_QUEUE_NAME", "--queue",
            "name of the request queue, resolved with GetQueueUrl (default smart-classroom-requests)"),
    FUNCTION_NAME("function.name", "MONITOR_FUNCTION_NAME", "--function",
            "Lambda function name or ARN (default smart-classroom-face-recognition)"),
    CONCURRENCY("concurrency", "MONITOR_CONCURRENCY", "--concurrency",
            "messages in flight at most (default 100)"),
    REGION("region", "AWS_REGION", "--region",
            "AWS region (default: the SDK's region provider chain)"),
    INVOCATION_TYPE("invocation.type", "MONITOR_INVOCATION_TYPE", "--invocation-type",
            "RequestResponse (default: wait for the outcome) or Event (asynchronous: delete once accepted)"),
    RECEIVE_WAIT_SECONDS("receive.wait.seconds", "MONITOR_RECEIVE_WAIT_SECONDS", "--wait-time",
            "long-poll wait of one ReceiveMessage, 0-20 seconds (default 20)"),
    RECEIVE_MAX_MESSAGES("receive.max.messages", "MONITOR_RECEIVE_MAX_MESSAGES", "--max-messages",
            "messages per ReceiveMessage at most, 1-10 (default 10; never more than free capacity)"),
    VISIBILITY_TIMEOUT("visibility.timeout", "MONITOR_VISIBILITY_TIMEOUT", "--visibility-timeout",
            "the lease: visibility asked for at receive and renewed by the heartbeat; a dead monitor's messages "
                    + "come back after it (default 30s, not the queue's VisibilityTimeout)"),
    HEARTBEAT_INTERVAL("heartbeat.interval", "MONITOR_HEARTBEAT_INTERVAL", "--heartbeat-interval",
            "how often a held message gets its lease renewed (default visibility timeout / 3; 0 = never)"),
    RETRY_DELAY("retry.delay", "MONITOR_RETRY_DELAY", "--retry-delay",
            "base of the back-off after a function error: receive n waits min(max, base x 2^(n-1)), "
                    + "equal jitter (default 30s)"),
    RETRY_MAX_DELAY("retry.max.delay", "MONITOR_RETRY_MAX_DELAY", "--retry-max-delay",
            "cap of that back-off (default 15m)"),
    FUNCTION_TIMEOUT("function.timeout", "MONITOR_FUNCTION_TIMEOUT", "--function-timeout",
            "the function's timeout (default 15m)"),
    FUNCTION_TIMEOUT_MARGIN("function.timeout.margin", "MONITOR_FUNCTION_TIMEOUT_MARGIN", "--function-timeout-margin",
            "added to the function timeout to get the Invoke read timeout (default 30s)"),
    INVOKE_ATTEMPTS("invoke.attempts", "MONITOR_INVOKE_ATTEMPTS", "--invoke-attempts",
            "SDK attempts per Invoke, 1-10 (default 1: the queue is the retry mechanism)"),
    SHUTDOWN_DEADLINE("shutdown.deadline", "MONITOR_SHUTDOWN_DEADLINE", "--shutdown-deadline",
            "on SIGTERM, how long in-flight messages may take to finish (default 120s)"),
    SUMMARY_INTERVAL("summary.interval", "MONITOR_SUMMARY_INTERVAL", "--summary-interval",
            "how often a summary line is logged (default 60s; 0 = never)"),
    FAN_OUT("fan.out", "MONITOR_FAN_OUT", "--fan-out",
            "true: ask the function for a plan of each video and invoke a long video's segments in parallel, then "
                    + "a merge (default false: one invocation per message); needs RequestResponse"),
    SEGMENT_RETRIES("segment.retries", "MONITOR_SEGMENT_RETRIES", "--segment-retries",
            "invocations again of a segment whose function failed, 0-10 (default 2)"),
    METRICS("metrics", "MONITOR_METRICS", "--metrics",
            "where the counters, the dead-letter queue's depth and the heartbeat go: cloudwatch (PutMetricData), log"
                    + " (a log line) or off (default cloudwatch; log when AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL is"
                    + " set, i.e. on the local cloud)"),
    METRICS_INTERVAL("metrics.interval", "MONITOR_METRICS_INTERVAL", "--metrics-interval",
            "how often the metrics are published (default 60s; 1s-5m: the heartbeat alarm wants one every 5 minutes)");

    private final String key;
    private final String environmentVariable;
    private final String option;
    private final String description;

    Setting(String key, String environmentVariable, String option, String description) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.option = option;
        this.description = description;
    }

    /** The key in a properties file, e.g. {@code queue.url}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code MONITOR_QUEUE_URL}. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The command-line option, e.g. {@code --queue-url}. */
    public String option() {
        return option;
    }

    public String description() {
        return description;
    }

    /** The setting with properties-file key {@code key}, or {@code null}. */
    static Setting forKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        return null;
    }
}
