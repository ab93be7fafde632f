package io.smartclassroom.handler.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.handler.CourseAssets;
import io.smartclassroom.handler.LocalAws;
import io.smartclassroom.handler.RecordSchema;
import io.smartclassroom.handler.pipeline.StudentRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code handler serve} as its own process, configured only through its environment (the local
 * cloud's AWS_ENDPOINT_URL_* variables, ENCODINGS in S3, the real face engine), invoked with the real
 * {@link LambdaClient} the monitor uses, and stopped with SIGTERM. Skipped without the course assets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalInvokeServerEndToEndTest {
    private static final String FUNCTION = "face-fn";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CourseAssets assets;
    private static Map<String, String> expected;
    private static LocalAws aws;
    private static S3Client s3;
    private static Process serve;
    private static final StringBuffer serveLog = new StringBuffer();
    private static LambdaClient lambda;

    @TempDir
    static Path tempDir;

    @BeforeAll
    static void start() throws Exception {
        assets = CourseAssets.require();
        expected = assets.expectedCsv();
        aws = LocalAws.start();
        s3 = aws.s3Client();
        for (String bucket : new String[] {"videos", "results", "config"}) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        try (DynamoDbClient dynamoDb = aws.dynamoDbClient()) {
            LocalAws.createStudentsTable(dynamoDb, "students", "name-index", ProjectionType.ALL);
            for (Map.Entry<Integer, StudentRecord> student : assets.students().entrySet()) {
                LocalAws.putStudent(dynamoDb, "students", student.getKey(), student.getValue());
            }
        }
        Path encodings = assets.enroll(tempDir.resolve("encodings.json"));
        s3.putObject(b -> b.bucket("config").key("encodings.json"), RequestBody.fromFile(encodings));

        ProcessBuilder command = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.smartclassroom.handler.cli.HandlerCli", "serve", "--port", "0", "--workers", "2", "--function-name", FUNCTION);
        Map<String, String> env = command.environment();
        env.putAll(aws.cloud().environment());
        env.put("ENCODINGS", "s3://config/encodings.json");
        env.put("MODELS_DIR", assets.modelsDir().toString());
        env.put("RECOGNITION_MODEL", CourseAssets.MODEL);
        env.put("INPUT_BUCKET", "videos");
        env.put("OUTPUT_BUCKET", "results");
        env.put("STUDENTS_TABLE", "students");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        serve = command.start();
        pump(serve.getErrorStream(), "serve-stderr");
        String endpoint = awaitListeningLine();

        lambda = LambdaClient.builder()
                .endpointOverride(java.net.URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private static String awaitListeningLine() throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(serve.getInputStream(), UTF_8));
        CompletableFuture<String> endpoint = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    serveLog.append("stdout: ").append(line).append('\n');
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.matches()) {
                        return matcher.group(1);
                    }
                }
                throw new IllegalStateException("serve ended without a listening line:\n" + serveLog);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return endpoint.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("serve did not start:\n" + serveLog, e);
        }
    }

    private static void pump(java.io.InputStream stream, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    serveLog.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lambda != null) {
            lambda.close();
        }
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (s3 != null) {
            s3.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static String notificationFor(String key, Path file) throws IOException {
        String eTag = s3.putObject(b -> b.bucket("videos").key(key), RequestBody.fromFile(file)).eTag();
        return new S3EventNotifications().objectCreated("ObjectCreated:Put",
                new S3ObjectRef("videos", key, Files.size(file)), eTag, "us-east-1", Instant.now());
    }

    private static InvokeResponse invoke(String payload, InvocationType type) {
        return lambda.invoke(b -> b.functionName(FUNCTION).invocationType(type).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static String csv(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("results").key(key)).asUtf8String();
    }

    @Test
    @Order(1)
    void aRequestResponseInvocationWritesTheCsvAndReturnsTheResult() throws Exception {
        InvokeResponse response = invoke(notificationFor("class/test_0.mp4", assets.clip("test_0.mp4")), InvocationType.REQUEST_RESPONSE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        JsonNode result = JSON.readTree(response.payload().asByteArray());
        assertThat(result.at("/videos/0/outputKey").asText()).isEqualTo("class/test_0.csv");
        assertThat(result.at("/videos/0/students/0").asText()).isEqualTo("president_trump");
        assertThat(csv("class/test_0.csv")).isEqualTo(expected.get("test_0.mp4"));

        // The attendance record beside it: valid against common's schema, naming the student and the evidence.
        byte[] record = s3.getObjectAsBytes(b -> b.bucket("results").key("class/test_0.json")).asByteArray();
        assertThat(RecordSchema.violations(record)).as(new String(record, UTF_8)).isEmpty();
        JsonNode json = JSON.readTree(record);
        assertThat(json.get("video").asText()).isEqualTo("s3://videos/class/test_0.mp4");
        assertThat(json.get("outcome").asText()).isEqualTo("students-found");
        assertThat(json.get("model").get("name").asText()).isEqualTo(CourseAssets.MODEL);
        assertThat(json.get("frames_examined").asInt()).isPositive();
        double duration = json.get("duration_s").asDouble();
        assertThat(duration).isPositive();
        JsonNode student = json.at("/students/0");
        assertThat(json.get("students")).hasSize(1);
        assertThat(student.get("name").asText()).isEqualTo("president_trump");
        assertThat(student.get("id").asText()).isNotEmpty();
        assertThat(student.get("first_seen_s").asDouble()).isLessThanOrEqualTo(student.get("last_seen_s").asDouble());
        assertThat(student.get("last_seen_s").asDouble()).isLessThanOrEqualTo(duration);
        assertThat(student.get("best_similarity").asDouble()).isBetween(0.0, 1.0);
        assertThat(student.get("evidence").asText()).isEqualTo("s3://results/evidence/class/test_0/president_trump.jpg");
        byte[] jpeg = s3.getObjectAsBytes(b -> b.bucket("results").key("evidence/class/test_0/president_trump.jpg")).asByteArray();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(image).as("a decodable JPEG").isNotNull();
        assertThat(image.getHeight()).isEqualTo(160);
        assertThat(image.getWidth()).isBetween(60, 400);
    }

    @Test
    @Order(2)
    void twoInvocationsAtOnceEachGetTheirOwnRecognizer() throws Exception {
        List<CompletableFuture<InvokeResponse>> calls = new ArrayList<>();
        for (String clip : new String[] {"test_1.mp4", "test_7.mp4"}) {
            String payload = notificationFor("class/" + clip, assets.clip(clip));
            calls.add(CompletableFuture.supplyAsync(() -> invoke(payload, InvocationType.REQUEST_RESPONSE)));
        }
        for (CompletableFuture<InvokeResponse> call : calls) {
            InvokeResponse response = call.get(120, TimeUnit.SECONDS);
            assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        }
        assertThat(csv("class/test_1.csv")).isEqualTo(expected.get("test_1.mp4"));
        assertThat(csv("class/test_7.csv")).isEqualTo(expected.get("test_7.mp4"));
    }

    @Test
    @Order(3)
    void anEventInvocationIsAcceptedAndTheCsvFollows() throws Exception {
        InvokeResponse response = invoke(notificationFor("class/test_4.mp4", assets.clip("test_4.mp4")), InvocationType.EVENT);

        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(csv("class/test_4.csv")).isEqualTo(expected.get("test_4.mp4")));
    }

    @Test
    @Order(4)
    void anUndecodableVideoIsAnUnhandledFunctionErrorNamingTheVideo() throws Exception {
        byte[] noise = new byte[10_000];
        new Random(3).nextBytes(noise);
        Path file = Files.write(tempDir.resolve("noise.mp4"), noise);

        InvokeResponse response = invoke(notificationFor("broken/noise.mp4", file), InvocationType.REQUEST_RESPONSE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("io.smartclassroom.common.VideoRejectedException");
        assertThat(error.get("errorMessage").asText()).startsWith("undecodable: s3://videos/broken/noise.mp4 ");
    }

    @Test
    @Order(5)
    void aPayloadThatIsNotAnS3EventIsAnUnhandledFunctionError() throws Exception {
        InvokeResponse response = invoke("{\"hello\":\"world\"}", InvocationType.REQUEST_RESPONSE);

        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("io.smartclassroom.common.VideoRejectedException");
        assertThat(error.get("errorMessage").asText()).startsWith("invalid-event: payload is not an S3 event notification");
    }

    @Test
    @Order(6)
    void sigtermStopsTheServerCleanly() throws Exception {
        // SIGTERM through the process handle: Process.destroy() would also close our end of its output.
        assertThat(serve.toHandle().destroy()).isTrue();

        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s:\n%s", serveLog).isTrue();
        assertThat(serve.exitValue()).as("a JVM ended by SIGTERM exits with 128 + 15").isEqualTo(143);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(serveLog.toString()).contains("stopped serving function " + FUNCTION));
        assertThat(serveLog.toString())
                .contains("handler config: OUTPUT_BUCKET=results", "s3PathStyle=true", "workers=2")
                .contains("face recognition (");
    }
}
