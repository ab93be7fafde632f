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
import io.smartclassroom.handler.cli.HandlerCli;
import io.smartclassroom.handler.pipeline.StudentRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A running {@code handler serve} (its own process, the local cloud, the real face engine, ENCODINGS
 * in S3, ENCODINGS_REFRESH_SECONDS=0) follows changes of the encodings object without a restart: a
 * student added with {@code enroll --add} is named in the next invocation, one removed with
 * {@code enroll --remove} no longer is. Skipped without the course assets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncodingsRefreshEndToEndTest {
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
    private static Path encodings;

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
        // Everyone but mr_bean, as after a provisioning up with a gallery without him.
        Path everyoneElse = Files.createDirectories(tempDir.resolve("photos/class"));
        try (var photos = Files.list(assets.enrollDir())) {
            for (Path photo : photos.filter(p -> !p.getFileName().toString().startsWith("mr_bean.")).toList()) {
                Files.createSymbolicLink(everyoneElse.resolve(photo.getFileName()), photo);
            }
        }
        encodings = tempDir.resolve("encodings.json");
        enroll("--images", everyoneElse.toString(), "--out", encodings.toString());
        upload();

        ProcessBuilder command = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.smartclassroom.handler.cli.HandlerCli", "serve", "--port", "0", "--workers", "1", "--function-name", FUNCTION);
        Map<String, String> env = command.environment();
        env.putAll(aws.cloud().environment());
        env.put("ENCODINGS", "s3://config/encodings.json");
        env.put("ENCODINGS_REFRESH_SECONDS", "0");
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

    /** Runs {@code handler enroll ARGS} in this JVM with the stand-in model. */
    private static void enroll(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new HandlerCli());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 5];
        full[0] = "enroll";
        System.arraycopy(args, 0, full, 1, args.length);
        System.arraycopy(new String[] {"--models-dir", assets.modelsDir().toString(), "--model", CourseAssets.MODEL}, 0,
                full, args.length + 1, 4);
        assertThat(command.execute(full)).as("enroll %s:%n%s%s", String.join(" ", args), out, err).isZero();
    }

    private static void upload() {
        s3.putObject(b -> b.bucket("config").key("encodings.json"), RequestBody.fromFile(encodings));
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
            serve.toHandle().destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (s3 != null) {
            s3.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** The students named, and the CSV written, for one invocation. */
    private record Answer(JsonNode students, String csv) {}

    /** Uploads {@code clip} under a fresh key, invokes the function with its event and returns what it answered and wrote. */
    private static Answer recognise(String key, String clip) throws Exception {
        Path file = assets.clip(clip);
        String eTag = s3.putObject(b -> b.bucket("videos").key(key), RequestBody.fromFile(file)).eTag();
        String payload = new S3EventNotifications().objectCreated("ObjectCreated:Put",
                new S3ObjectRef("videos", key, Files.size(file)), eTag, "us-east-1", Instant.now());
        InvokeResponse response = lambda.invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromUtf8String(payload)));
        assertThat(response.functionError()).as("%s%n%s", response.payload().asUtf8String(), serveLog).isNull();
        JsonNode video = JSON.readTree(response.payload().asByteArray()).at("/videos/0");
        return new Answer(video.get("students"), csv(video.get("outputKey").asText()));
    }

    private static String csv(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("results").key(key)).asUtf8String();
    }

    @Test
    @Order(1)
    void aStudentWhoIsNotEnrolledIsNotNamed() throws Exception {
        Answer answer = recognise("before/test_2.mp4", "test_2.mp4");
        assertThat(answer.students()).isEmpty();
        assertThat(answer.csv()).isEqualTo("name,major,year\n");
    }

    @Test
    @Order(2)
    void aStudentAddedToTheEncodingsObjectIsRecognisedInTheNextInvocation() throws Exception {
        Path mrBean = Files.createDirectories(tempDir.resolve("photos/new"));
        Files.createSymbolicLink(mrBean.resolve("mr_bean.jpg"), assets.enrollDir().resolve("mr_bean.jpg"));
        enroll("--add", mrBean.toString(), "--to", encodings.toString());
        upload();

        Answer answer = recognise("after-add/test_2.mp4", "test_2.mp4");
        assertThat(answer.students()).extracting(JsonNode::asText).containsExactly("mr_bean");
        assertThat(answer.csv()).isEqualTo(expected.get("test_2.mp4"));
        assertThat(serveLog.toString()).contains("encodings s3://config/encodings.json changed: version ",
                "8 students, 1 added [mr_bean], 0 removed []");
    }

    @Test
    @Order(3)
    void aStudentRemovedFromTheEncodingsObjectIsNoLongerNamed() throws Exception {
        assertThat(recognise("before-remove/test_0.mp4", "test_0.mp4").students()).extracting(JsonNode::asText).containsExactly("president_trump");

        enroll("--remove", "president_trump", "--from", encodings.toString());
        upload();

        Answer answer = recognise("after-remove/test_0.mp4", "test_0.mp4");
        assertThat(answer.students()).isEmpty();
        assertThat(answer.csv()).isEqualTo("name,major,year\n");
        assertThat(serveLog.toString()).contains("7 students, 0 added [], 1 removed [president_trump]");
        // The others are still recognised.
        assertThat(recognise("after-remove/test_2.mp4", "test_2.mp4").students()).extracting(JsonNode::asText).containsExactly("mr_bean");
    }

    @Test
    @Order(4)
    void anUnusableEncodingsObjectKeepsTheGalleryAndTheVideoStillSucceeds() throws Exception {
        s3.putObject(b -> b.bucket("config").key("encodings.json"), RequestBody.fromString("{\"format\": \"something else\"}"));

        assertThat(recognise("after-bad/test_2.mp4", "test_2.mp4").students()).extracting(JsonNode::asText).containsExactly("mr_bean");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(serveLog.toString())
                .contains("encodings refresh from s3://config/encodings.json failed, keeping the 7 students of version "));
        // Six invocations checked the object with If-None-Match; only the two real changes were downloaded and applied.
        assertThat(Pattern.compile("encodings s3://config/encodings.json changed: ").matcher(serveLog).results().count()).isEqualTo(2);
    }
}
