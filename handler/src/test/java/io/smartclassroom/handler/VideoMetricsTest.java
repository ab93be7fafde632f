package io.smartclassroom.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.MetricNames;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.handler.pipeline.AttendanceWriter;
import io.smartclassroom.handler.pipeline.EventValidator;
import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.pipeline.RecognizerPool;
import io.smartclassroom.handler.pipeline.ScriptedRecognizer;
import io.smartclassroom.handler.pipeline.StudentDirectory;
import io.smartclassroom.handler.pipeline.StudentRecord;
import io.smartclassroom.handler.pipeline.VideoFetcher;
import io.smartclassroom.handler.pipeline.VideoMetrics;
import io.smartclassroom.handler.pipeline.VideoPipeline;
import io.smartclassroom.handler.recognition.RecognitionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The function's Embedded Metric Format records, as CloudWatch would parse them: videos through the handler and the
 * pipeline against the S3 and DynamoDB emulators (a scripted recognizer in place of the face engine), each record
 * captured from the library's sink as the JSON line it would print.
 */
class VideoMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3EventNotifications EVENTS = new S3EventNotifications();
    private static final List<String> RECORDS = new CopyOnWriteArrayList<>();

    private static LocalAws aws;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;
    private static RecognizerPool recognizers;
    private static FaceRecognitionHandler handler;

    @TempDir
    static Path tempDir;

    /** An environment whose sink keeps each record as the JSON text the console sink would print. */
    private static final class CapturingEnvironment implements Environment {
        private final ISink sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    RECORDS.addAll(context.serialize());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };

        @Override public boolean probe() { return true; }
        @Override public String getName() { return "test"; }
        @Override public String getType() { return "Test"; }
        @Override public String getLogGroupName() { return "test-metrics"; }
        @Override public void configureContext(MetricsContext context) {}
        @Override public ISink getSink() { return sink; }
    }

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start();
        s3 = aws.s3Client();
        dynamoDb = aws.dynamoDbClient();
        s3.createBucket(b -> b.bucket("input"));
        s3.createBucket(b -> b.bucket("output"));
        LocalAws.createStudentsTable(dynamoDb, "students", "name-index", ProjectionType.KEYS_ONLY);
        LocalAws.putStudent(dynamoDb, "students", 2, new StudentRecord("president_biden", "history", "sophomore"));
        LocalAws.putStudent(dynamoDb, "students", 6, new StudentRecord("morgan_freeman", "math", "senior"));
        ScriptedRecognizer recognizer = new ScriptedRecognizer()
                .when("two students", new RecognitionResult(List.of("president_biden", "morgan_freeman"), 12, 5, 3, ""));
        recognizers = new RecognizerPool(1, () -> recognizer);
        handler = new FaceRecognitionHandler(new VideoPipeline(
                new VideoFetcher(s3, tempDir),
                recognizers,
                new StudentDirectory(dynamoDb, "students", "name-index"),
                new AttendanceWriter(s3, "output"),
                ScriptedRecognizer.MODEL,
                new VideoMetrics("smart-classroom-face-recognition", new CapturingEnvironment())),
                new EventValidator("input", InputLimits.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        if (recognizers != null) {
            recognizers.close();
        }
        if (s3 != null) {
            s3.close();
            dynamoDb.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @BeforeEach
    void clear() {
        RECORDS.clear();
    }

    @Test
    void aWrittenVideoIsOneRecordWithItsCountsAndStageTimesUnderFunctionNameAndOutcome() throws Exception {
        invoke(notification(upload("metrics/lecture.mp4", "two students")), "req-1");

        assertThat(RECORDS).hasSize(1);
        assertThat(RECORDS.get(0)).doesNotContain("\n");
        JsonNode record = JSON.readTree(RECORDS.get(0));
        JsonNode directive = record.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo(MetricNames.NAMESPACE);
        assertThat(directive.get("Dimensions")).hasSize(1);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactly("FunctionName", "Outcome");
        assertThat(metrics(directive)).containsOnly(
                Map.entry("VideosProcessed", "Count"),
                Map.entry("StudentsRecognised", "Count"),
                Map.entry("UnknownFaces", "Count"),
                Map.entry("FramesExamined", "Count"),
                Map.entry("FetchMillis", "Milliseconds"),
                Map.entry("RecogniseMillis", "Milliseconds"),
                Map.entry("LookupMillis", "Milliseconds"),
                Map.entry("WriteMillis", "Milliseconds"),
                Map.entry("TotalMillis", "Milliseconds"));
        assertThat(record.get("FunctionName").asText()).isEqualTo("smart-classroom-face-recognition");
        assertThat(record.get("Outcome").asText()).isEqualTo("students-found");
        assertThat(record.get("VideosProcessed").asDouble()).isEqualTo(1);
        assertThat(record.get("StudentsRecognised").asDouble()).isEqualTo(2);
        assertThat(record.get("UnknownFaces").asDouble()).isEqualTo(3);
        assertThat(record.get("FramesExamined").asDouble()).isEqualTo(12);
        double stages = 0;
        for (String stage : List.of("FetchMillis", "RecogniseMillis", "LookupMillis", "WriteMillis")) {
            assertThat(record.get(stage).asDouble()).as(stage).isGreaterThanOrEqualTo(0);
            stages += record.get(stage).asDouble();
        }
        assertThat(record.get("TotalMillis").asDouble()).isGreaterThanOrEqualTo(stages);
        assertThat(record.get("videoKey").asText()).isEqualTo("metrics/lecture.mp4");
        assertThat(record.get("requestId").asText()).isEqualTo("req-1");
        assertThat(record.get("_aws").get("Timestamp").asLong()).isPositive();
    }

    @Test
    void anUndecodableVideoIsOneFailureRecordWhoseOutcomeIsItsKind() throws Exception {
        String payload = notification(upload("metrics/broken.mp4", "not a video"));

        assertThatThrownBy(() -> invoke(payload, "req-2")).isInstanceOf(VideoRejectedException.class);

        assertThat(RECORDS).hasSize(1);
        JsonNode record = JSON.readTree(RECORDS.get(0));
        JsonNode directive = record.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(texts(directive.get("Dimensions").get(0))).containsExactly("FunctionName", "Outcome");
        assertThat(metrics(directive)).containsExactly(Map.entry("VideosFailed", "Count"));
        assertThat(record.get("Outcome").asText()).isEqualTo("rejected-undecodable");
        assertThat(record.get("VideosFailed").asDouble()).isEqualTo(1);
        assertThat(record.get("videoKey").asText()).isEqualTo("metrics/broken.mp4");
    }

    @Test
    void aMissingVideoIsCountedAsNotFound() throws Exception {
        String payload = notification(new S3ObjectRef("input", "metrics/gone.mp4", 10));

        assertThatThrownBy(() -> invoke(payload, "req-3")).isInstanceOf(VideoRejectedException.class);

        assertThat(RECORDS).hasSize(1);
        assertThat(JSON.readTree(RECORDS.get(0)).get("Outcome").asText()).isEqualTo("rejected-not-found");
    }

    @Test
    void outsideLambdaWithoutAnOverrideEachRecordIsOneJsonLineOnStdoutUnderTheDefaultFunctionName() throws Exception {
        VideoMetrics metrics = VideoMetrics.fromEnvironment(Map.of());
        assertThat(metrics.functionName()).isEqualTo("smart-classroom-face-recognition");
        assertThat(VideoMetrics.fromEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")).functionName()).isEqualTo("fn");

        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, UTF_8));
        try {
            metrics.failed(new S3ObjectRef("input", "a/b.mp4", 1), MetricNames.Outcome.ERROR);
            metrics.failed(new S3ObjectRef("input", "a/c.mp4", 1), MetricNames.Outcome.ERROR);
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = captured.toString(UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("videoKey").asText()).isEqualTo("a/b.mp4");
        assertThat(JSON.readTree(lines.get(1)).get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
                .isEqualTo("SmartClassroom");
        assertThat(JSON.readTree(lines.get(1)).get("Outcome").asText()).isEqualTo("error");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Map<String, String> metrics(JsonNode directive) {
        Map<String, String> metrics = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = directive.get("Metrics").elements(); it.hasNext(); ) {
            JsonNode metric = it.next();
            metrics.put(metric.get("Name").asText(), metric.path("Unit").asText("None"));
        }
        return metrics;
    }

    private static final Map<String, String> ETAGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static S3ObjectRef upload(String key, String content) {
        ETAGS.put(key, s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString(content)).eTag());
        return new S3ObjectRef("input", key, content.length());
    }

    private static String notification(S3ObjectRef video) {
        return EVENTS.objectCreated("ObjectCreated:Put", video, ETAGS.get(video.key()), "us-east-1",
                Instant.parse("2024-05-01T10:00:00Z"));
    }

    private static void invoke(String payload, String requestId) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // the request id as the local invoke endpoint and Lambda's context leave it in the logging context
        MDC.put(FaceRecognitionHandler.MDC_REQUEST_ID, requestId);
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(UTF_8)), output, null);
        } finally {
            MDC.remove(FaceRecognitionHandler.MDC_REQUEST_ID);
        }
    }
}
