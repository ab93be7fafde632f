package io.smartclassroom.monitor;

import static io.smartclassroom.monitor.FakeLambda.sleeping;
import static io.smartclassroom.monitor.FakeLambda.succeeding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The command line: in process for usage, and as a real child process configured only by environment. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorCliTest {
    private LocalCloud cloud;
    private SqsClient sqs;
    private TestQueues queues;

    @TempDir
    Path dir;

    @BeforeAll
    void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.SQS));
        sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)))
                .build();
        queues = new TestQueues(sqs);
    }

    @AfterAll
    void stopCloud() {
        sqs.close();
        cloud.close();
    }

    @Test
    void helpExitsZeroAndListsOptionsWithTheirVariables() {
        Result result = runInProcess("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: monitor", "--queue-url=URL", "MONITOR_QUEUE_URL", "--concurrency=N",
                "AWS_ENDPOINT_URL_SQS");
    }

    @Test
    void usageErrorExitsNonZeroWithOneLine() {
        Result result = runInProcess("--bogus");

        assertThat(result.exitCode()).isEqualTo(MonitorCli.EXIT_USAGE);
        assertThat(result.err().lines().toList()).containsExactly("monitor: Unknown option: '--bogus'; see monitor --help");
    }

    @Test
    void invalidSettingExitsNonZeroWithOneLine() {
        Result result = runInProcess("--concurrency", "none");

        assertThat(result.exitCode()).isEqualTo(MonitorCli.EXIT_FAILURE);
        assertThat(result.err().lines().toList()).containsExactly(
                "monitor: invalid concurrency 'none' (from option --concurrency): not a whole number");
    }

    @Test
    void sigtermLetsTheInFlightMessageFinishThenExitsZero() throws Exception {
        TestQueues.QueuePair queue = queues.create(30, 3);
        try (FakeLambda lambda = FakeLambda.start(sleeping(2_000, succeeding("{\"students\":2}")))) {
            String body = new S3EventNotifications().objectCreated("ObjectCreated:Put",
                    new S3ObjectRef("smart-classroom-input", "test_00.mp4", 10), "etag", cloud.region(),
                    Instant.now());
            queues.send(queue.url(), body);
            Map<String, String> environment = monitorEnvironment(queue, lambda);

            Process monitor = startMonitorProcess(environment);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lambda.inFlight() == 1 || !monitor.isAlive());
                assertThat(monitor.isAlive()).as("monitor running; output:%n%s", output()).isTrue();
                monitor.destroy(); // SIGTERM

                assertThat(monitor.waitFor(20, TimeUnit.SECONDS)).as("exited; output:%n%s", output()).isTrue();
                assertThat(monitor.exitValue()).as("exit code; output:%n%s", output()).isZero();
            } finally {
                monitor.destroyForcibly();
            }
            assertThat(lambda.bodies()).containsExactly(body);
            assertThat(lambda.completed()).isEqualTo(1);
            assertThat(queues.size(queue.url())).isZero();
            assertThat(output()).contains("SIGTERM received: stopping", "monitor stopped (drained)");
        }
    }

    @Test
    void sigtermPastTheShutdownDeadlineHandsTheMessageBackAndExitsThree() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        try (FakeLambda lambda = FakeLambda.start(sleeping(30_000, succeeding("{}")))) {
            String body = new S3EventNotifications().objectCreated("ObjectCreated:Put",
                    new S3ObjectRef("smart-classroom-input", "long_lecture.mp4", 10), "etag", cloud.region(),
                    Instant.now());
            queues.send(queue.url(), body);
            Map<String, String> environment = monitorEnvironment(queue, lambda);
            environment.put("MONITOR_SHUTDOWN_DEADLINE", "1s");

            Process monitor = startMonitorProcess(environment);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lambda.inFlight() == 1 || !monitor.isAlive());
                assertThat(monitor.isAlive()).as("monitor running; output:%n%s", output()).isTrue();
                monitor.destroy(); // SIGTERM

                assertThat(monitor.waitFor(20, TimeUnit.SECONDS)).as("exited; output:%n%s", output()).isTrue();
                assertThat(monitor.exitValue()).as("exit code; output:%n%s", output())
                        .isEqualTo(MonitorCli.EXIT_HANDED_BACK);
            } finally {
                monitor.destroyForcibly();
            }
            // handed back: visible at once, not after the 30 s lease or the queue's 960 s
            assertThat(queues.drain(queue.url(), 1, Duration.ofSeconds(3))).containsExactly(body);
            assertThat(output()).contains("handed back 1 messages", "monitor stopped (deadline passed)");
        }
    }

    @Test
    void anUnreachableQueueEndpointOrNoCredentialsIsOneLineAndExitTwo() throws Exception {
        TestQueues.QueuePair queue = queues.create(30, 3);
        try (FakeLambda lambda = FakeLambda.start(succeeding("{}"))) {
            Map<String, String> unreachable = monitorEnvironment(queue, lambda);
            unreachable.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:2");
            Map<String, String> noCredentials = monitorEnvironment(queue, lambda);
            noCredentials.remove("AWS_ACCESS_KEY_ID");
            noCredentials.remove("AWS_SECRET_ACCESS_KEY");
            noCredentials.put("HOME", dir.toString());
            noCredentials.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            noCredentials.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());

            for (Map.Entry<Map<String, String>, String> run : Map.of(
                    unreachable, "monitor: cannot reach http://127.0.0.1:2 (AWS_ENDPOINT_URL_SQS): connection refused;"
                            + " start the service there (e.g. the local cloud) or correct AWS_ENDPOINT_URL_SQS",
                    noCredentials, "monitor: no AWS credentials found; set AWS_PROFILE").entrySet()) {
                Process monitor = startMonitorProcess(run.getKey());
                try {
                    assertThat(monitor.waitFor(60, TimeUnit.SECONDS)).as("exited; output:%n%s", output()).isTrue();
                    assertThat(monitor.exitValue()).as("exit code; output:%n%s", output()).isEqualTo(2);
                } finally {
                    monitor.destroyForcibly();
                }
                String stderr = Files.readString(dir.resolve("stderr.txt"));
                assertThat(stderr.lines().filter(line -> line.startsWith("monitor: "))).as(stderr)
                        .singleElement().asString().startsWith(run.getValue());
                assertThat(stderr).doesNotContain("AwsCredentialsProviderChain").doesNotContain("\tat ");
            }
        }
    }

    /** Configuration purely by environment, endpoints through the SDK's own variables. */
    private Map<String, String> monitorEnvironment(TestQueues.QueuePair queue, FakeLambda lambda) {
        Map<String, String> environment = new HashMap<>(cloud.environment());
        environment.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("MONITOR_QUEUE_NAME", queue.url().substring(queue.url().lastIndexOf('/') + 1));
        environment.put("MONITOR_FUNCTION_NAME", "face-recognition");
        environment.put("MONITOR_RECEIVE_WAIT_SECONDS", "1");
        environment.put("MONITOR_SHUTDOWN_DEADLINE", "15s");
        environment.put("MONITOR_SUMMARY_INTERVAL", "0");
        return environment;
    }

    private Process startMonitorProcess(Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, MonitorCli.class.getName())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("stdout.txt")) + Files.readString(dir.resolve("stderr.txt"));
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result runInProcess(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MonitorCli.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
