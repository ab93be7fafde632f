package io.smartclassroom.provisioning.config;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the provisioning configuration file, with its default. Each can also be given as an
 * environment variable: {@code SMART_CLASSROOM_} followed by the key in upper case with {@code .} and
 * {@code -} turned into {@code _} (e.g. {@code queue.max-receive-count} -> {@code SMART_CLASSROOM_QUEUE_MAX_RECEIVE_COUNT}).
 */
public enum ConfigKey {
    REGION("region", "", "AWS region; empty = the SDK's region provider chain (AWS_REGION, profile)"),
    INPUT_BUCKET("input-bucket", ResourceNames.DEFAULTS.inputBucket(), "S3 bucket the videos are uploaded to"),
    OUTPUT_BUCKET("output-bucket", ResourceNames.DEFAULTS.outputBucket(), "S3 bucket the result CSVs are written to"),
    QUEUE("queue", ResourceNames.DEFAULTS.queue(), "SQS queue that receives the input bucket's ObjectCreated events"),
    DEAD_LETTER_QUEUE("dead-letter-queue", ResourceNames.DEFAULTS.deadLetterQueue(), "SQS queue for requests that failed too often"),
    TABLE("table", ResourceNames.DEFAULTS.table(), "DynamoDB table of students (hash key id, a number)"),
    NAME_INDEX("name-index", ResourceNames.DEFAULTS.nameIndex(), "global secondary index of the table on name"),
    FUNCTION("function", ResourceNames.DEFAULTS.function(), "Lambda function that processes one video"),
    ECR_REPOSITORY("ecr.repository", "smart-classroom-handler", "ECR repository (scan on push) the handler image is pushed to"),
    FUNCTION_IMAGE_URI("function.image-uri", "",
            "the handler image, <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> (or @sha256:<digest>);"
                    + " empty = the function is not created or updated"),
    FUNCTION_ROLE("function.role", "", "IAM role the function runs as; empty = <function>-role"),
    FUNCTION_MEMORY("function.memory-mb", "3008", "memory of the function in MB (128-10240); CPU grows with it"),
    FUNCTION_TIMEOUT("function.timeout-seconds", "900", "timeout of the function (1-900 s); below queue.visibility-timeout-seconds"),
    FUNCTION_EPHEMERAL_STORAGE("function.ephemeral-storage-mb", "2048", "size of the function's /tmp in MB (512-10240): the video is downloaded there"),
    FUNCTION_RESERVED_CONCURRENCY("function.reserved-concurrency", Integer.toString(FunctionSettings.DEFAULT_RESERVED_CONCURRENCY),
            "reserved concurrent executions of the function (at most that many videos at once, and never more than the"
                    + " account's other functions leave); none = no reservation (the account's unreserved pool)"),
    FUNCTION_MODELS_DIR("function.models-dir", "/opt/models", "MODELS_DIR of the function: where its image keeps the face models"),
    MONITOR_USER("monitor.user", "smart-classroom-monitor",
            "IAM user of the monitor: may only receive/delete/change visibility on the queue and invoke the function"),
    MONITOR_JAR_FILE("monitor.jar-file", "monitor/target/monitor.jar",
            "monitor.jar uploaded to s3://<output-bucket>/deploy/monitor.jar for the OpenStack server when"
                    + " openstack.monitor.jar-url is empty"),
    QUEUE_MAX_RECEIVE_COUNT("queue.max-receive-count", "3", "receives before a message moves to the dead-letter queue"),
    QUEUE_VISIBILITY_TIMEOUT("queue.visibility-timeout-seconds", "960", "queue visibility timeout; above the Lambda timeout (900 s max)"),
    QUEUE_RECEIVE_WAIT("queue.receive-wait-seconds", "20", "long polling: ReceiveMessageWaitTimeSeconds (0-20)"),
    DEAD_LETTER_RETENTION("dead-letter-queue.retention-seconds", "1209600", "how long the dead-letter queue keeps messages (max 14 days)"),
    NOTIFICATION_SUFFIXES("notification.suffixes", ".mp4,.MP4,.mov,.MOV,.mkv,.avi,.webm",
            "object key suffixes of the input bucket that notify the queue (S3 suffix filters are case-sensitive)"),
    STUDENTS_FILE("students.file", "data/student_data.json", "JSON array of student records (id, name, major, year)"),
    ENCODINGS_FILE("encodings.file", "", "local face encodings file to upload; empty = do not upload"),
    ENCODINGS_LOCATION("encodings.location", "", "where the encodings go, outside the input and output buckets;"
            + " empty = s3://<output-bucket without -output>-encodings/encodings.json (s3://smart-classroom-encodings/encodings.json)"),
    RETENTION_DAYS("retention-days", "30", "days after which the input bucket's videos and the output bucket's evidence/"
            + " images (students' faces) expire, 1-36500 (S3 lifecycle rules); the CSVs and JSON records are kept"),
    ALARM_TOPIC_ARN("alarm.topic-arn", "", "SNS topic ARN the CloudWatch alarms notify when they go to ALARM and back;"
            + " empty = the alarms only change state (see them with status)"),
    LOCAL_CLOUD("local-cloud", "false", "true when the endpoints are the project's local cloud (no STS; it delivers notifications itself)");

    public static final String ENVIRONMENT_PREFIX = "SMART_CLASSROOM_";

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = requireNonNull(key, "key");
        this.defaultValue = requireNonNull(defaultValue, "defaultValue");
        this.description = requireNonNull(description, "description");
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that overrides this setting. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** The environment variable that overrides the setting {@code key}: {@code a.b-c} is {@code SMART_CLASSROOM_A_B_C}. */
    public static String environmentVariable(String key) {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<ConfigKey> forKey(String key) {
        for (ConfigKey candidate : values()) {
            if (candidate.key.equals(key)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
