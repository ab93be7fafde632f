package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.provisioning.ProvisioningCli;
import io.smartclassroom.provisioning.aws.CloudClientFactory;
import io.smartclassroom.provisioning.aws.CloudClients;
import io.smartclassroom.provisioning.aws.FakeAws;
import io.smartclassroom.provisioning.aws.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole {@code provisioning} command with the OpenStack side: S3, SQS and DynamoDB are the local cloud's
 * emulators (used as if they were AWS, not with {@code --local-cloud}), STS, IAM, ECR and Lambda are {@link FakeAws},
 * and Keystone, Nova, Neutron and Glance are {@link FakeOpenStack}. Shows that the monitor's new access key reaches
 * the server's user-data, with a working presigned URL of the uploaded monitor.jar, and that its secret is printed
 * nowhere.
 */
class MonitorServerCliTest {
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final Waits FAST = new Waits(Duration.ofMillis(5), Duration.ofSeconds(10));
    private static final String IMAGE = FakeAws.REGISTRY + "/smart-classroom-handler:v1";

    private static LocalCloud cloud;

    @TempDir
    Path dir;

    private FakeAws aws;
    private FakeOpenStack openStack;
    private Map<String, String> environment;
    private Path jar;
    private String prefix;

    private record Run(int exitCode, String out, String err, String logs) {
        String line(String start) {
            return out.lines().filter(line -> line.startsWith(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in:\n" + out + err));
        }

        String everything() {
            return out + err + logs;
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAws();
        aws.repositoryWithImage("smart-classroom-handler", "v1", "sha256:" + "1".repeat(64));
        openStack = new FakeOpenStack();
        CloudScenario.emptyProject(openStack);
        prefix = "m" + TEST_NUMBER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        jar = dir.resolve("monitor.jar");
        Files.write(jar, "PK\u0003\u0004 not really a jar, but bytes with a SHA-256".getBytes(StandardCharsets.UTF_8));
        Path unit = dir.resolve("smart-classroom-monitor.service");
        Files.writeString(unit, CloudScenario.UNIT);
        environment = new HashMap<>();
        environment.put("HOME", dir.toString());
        environment.put("SMART_CLASSROOM_INPUT_BUCKET", prefix + "-input");
        environment.put("SMART_CLASSROOM_OUTPUT_BUCKET", prefix + "-output");
        environment.put("SMART_CLASSROOM_QUEUE", prefix + "-requests");
        environment.put("SMART_CLASSROOM_DEAD_LETTER_QUEUE", prefix + "-requests-dlq");
        environment.put("SMART_CLASSROOM_TABLE", prefix + "-students");
        environment.put("SMART_CLASSROOM_FUNCTION_IMAGE_URI", IMAGE);
        environment.put("SMART_CLASSROOM_MONITOR_JAR_FILE", jar.toString());
        environment.put("SMART_CLASSROOM_OPENSTACK_ENABLED", "true");
        environment.put("SMART_CLASSROOM_OPENSTACK_IMAGE", "ubuntu-22.04");
        environment.put("SMART_CLASSROOM_OPENSTACK_FLAVOR", "m1.small");
        environment.put("SMART_CLASSROOM_OPENSTACK_NETWORK", "private");
        environment.put("SMART_CLASSROOM_OPENSTACK_EXTERNAL_NETWORK", "public");
        environment.put("SMART_CLASSROOM_OPENSTACK_SSH_CIDR", "203.0.113.0/24");
        environment.put("SMART_CLASSROOM_OPENSTACK_PRIVATE_KEY_FILE", dir.resolve("ssh").resolve("monitor.pem").toString());
        environment.put("SMART_CLASSROOM_OPENSTACK_MONITOR_UNIT_FILE", unit.toString());
        environment.put("SMART_CLASSROOM_OPENSTACK_POLL_INTERVAL_MILLIS", "10");
        environment.put("SMART_CLASSROOM_OPENSTACK_MONITOR_CONCURRENCY", "8");
        environment.put("OS_AUTH_URL", openStack.authUrl());
        environment.put("OS_USERNAME", "teacher");
        environment.put("OS_PASSWORD", CloudScenario.KEYSTONE_PASSWORD);
        environment.put("OS_PROJECT_NAME", "classroom");
        environment.put("OS_USER_DOMAIN_ID", "default");
        environment.put("OS_PROJECT_DOMAIN_ID", "default");
        environment.put("OS_REGION_NAME", "RegionOne");
    }

    @AfterEach
    void stop() {
        aws.close();
        openStack.close();
    }

    @Test
    void upHandsTheNewKeyAndAPresignedJarUrlToTheServerAndPrintsNoSecret() throws Exception {
        Run up = run("up", "--data", data());

        // Everything is made, but the fake OpenStack API is plain http: the key is not sent (see the next test).
        assertThat(up.exitCode()).as(up.everything()).isEqualTo(1);
        assertThat(up.line("monitor-credentials smart-classroom-monitor:")).contains("failed: refusing to send");
        String secret = aws.secrets().get(0);
        String keyId = aws.users.get("smart-classroom-monitor").keys.get(0).id();
        assertThat(up.everything()).doesNotContain(secret);
        assertThat(up.line("function smart-classroom-face-recognition: created (Active after"))
                .contains("image " + IMAGE, "3008 MB", "timeout 900 s", "/tmp 2048 MB");
        assertThat(up.line("access-key smart-classroom-monitor:"))
                .isEqualTo("access-key smart-classroom-monitor: created (id " + keyId + "; its secret goes only to the server, over SSH)");
        assertThat(up.line("monitor-jar s3://" + prefix + "-output/deploy/monitor.jar:")).contains("created (");
        assertThat(up.line("server smart-classroom-monitor:")).contains("created (id " + CloudScenario.SERVER_ID);
        // the ECR repository holding the image existed already
        assertThat(up.line("ecr-repository smart-classroom-handler:")).contains(": exists (");
        assertThat(openStack.unmatched()).isEmpty();

        // what the server got: no key, the queue, the function, the region and a presigned URL of the jar with its SHA-256
        JsonNode server = openStack.calls("POST", "/compute/v2.1/servers").get(0).json().path("server");
        assertThat(server.path("metadata").has("aws-access-key-id")).isFalse();
        String userData = new String(Base64.getDecoder().decode(server.path("user_data").asText()), StandardCharsets.UTF_8);
        SqsClient sqs = sqs();
        String queueUrl = sqs.getQueueUrl(request -> request.queueName(prefix + "-requests")).queueUrl();
        assertThat(userData)
                .doesNotContain(keyId, secret, "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY")
                .contains("MONITOR_QUEUE_URL=" + queueUrl)
                .contains("MONITOR_FUNCTION_NAME=smart-classroom-face-recognition")
                .contains("AWS_REGION=" + cloud.region())
                .contains("MONITOR_CONCURRENCY=8")
                .contains("echo '" + sha256(jar) + "  '");
        Matcher url = Pattern.compile("'(http://[^']+/deploy/monitor\\.jar\\?[^']+)'").matcher(userData);
        assertThat(url.find()).as(userData).isTrue();
        assertThat(url.group(1)).contains("X-Amz-Signature=", "X-Amz-Expires=10800");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url.group(1))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readAllBytes(jar));
        sqs.close();

        // plan --show-user-data: the same user-data, the jar URL's signature redacted
        Run plan = run("plan", "--data", data(), "--show-user-data");
        assertThat(plan.exitCode()).as(plan.everything()).isZero();
        assertThat(plan.everything()).doesNotContain(secret).doesNotContain("X-Amz-Signature");
        assertThat(plan.out()).contains("user-data of server smart-classroom-monitor (secrets redacted):\n#cloud-config")
                .contains("/deploy/monitor.jar?<redacted>");
        assertThat(plan.out().substring(plan.out().indexOf("user-data of server"))).doesNotContain(keyId);

        // a second up: the key cannot be read back; on the AWS side at most the monitor's policy is limited to the
        // server's floating IP, now known
        aws.clearCalls();
        Run again = run("up", "--data", data());
        assertThat(again.exitCode()).as(again.everything()).isEqualTo(1);
        assertThat(aws.writeActions()).allMatch("PutUserPolicy"::equals);
        assertThat(again.line("access-key smart-classroom-monitor:")).contains("exists (" + keyId + " (Active",
                "its secret cannot be read back");
        assertThat(again.line("server smart-classroom-monitor:")).contains("exists (ACTIVE");
        assertThat(again.line("function smart-classroom-face-recognition:")).contains("exists (Active");
        assertThat(again.everything()).doesNotContain(secret);
    }

    @Test
    void theKeyIsNeverSentOnTheWordOfAPlainHttpApiAndOnlyOverSsh() {
        Run up = run("up", "--data", data());

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.line("monitor-credentials smart-classroom-monitor:")).startsWith(
                "monitor-credentials smart-classroom-monitor: failed: refusing to send the monitor's AWS key: the OpenStack API http://")
                .endsWith(" is plain http://, and the server's host key is checked against what that API returns; use https"
                        + " with TLS verification, or pass --insecure-allow-plaintext-secrets to send it anyway");
        List<FakeAws.AccessKey> keys = aws.users.get("smart-classroom-monitor").keys;
        assertThat(keys).hasSize(1);
        String keyId = keys.get(0).id();

        Run insecure = run("up", "--data", data(), "--insecure-allow-plaintext-secrets");

        // past the refusal the host keys come from the console log (which this fake Nova does not serve): no SSH
        // without them, so still nothing sent, no key made or deleted
        assertThat(insecure.exitCode()).isEqualTo(1);
        assertThat(insecure.line("monitor-credentials smart-classroom-monitor:")).isEqualTo("monitor-credentials"
                + " smart-classroom-monitor: failed: get the console log of server " + CloudScenario.SERVER_ID
                + " failed: Server Error (HTTP 501)");
        assertThat(aws.users.get("smart-classroom-monitor").keys).extracting(FakeAws.AccessKey::id).containsExactly(keyId);
        aws.secrets().forEach(secret -> assertThat(up.everything() + insecure.everything()).doesNotContain(secret));
    }

    @Test
    void downWithoutYesNamesTheComputeAndOpenStackResourcesAndDeletesNothing() {
        Run refused = run("down");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("those tagged managed-by=smart-classroom of: ECR repository smart-classroom-handler"
                + " with its images, function smart-classroom-face-recognition, role smart-classroom-face-recognition-role"
                + " and user smart-classroom-monitor with its access keys, and OpenStack server smart-classroom-monitor");
        assertThat(aws.calls()).isEmpty();
        assertThat(openStack.calls()).isEmpty();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            CommandLine commandLine = ProvisioningCli.commandLine(factory(), environment, dir, FAST);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exitCode = commandLine.execute(args);
        } finally {
            System.setErr(systemErr);
            System.setOut(systemOut);
        }
        String captured = logs.toString(StandardCharsets.UTF_8);
        systemErr.print(captured);
        return new Run(exitCode, out.toString(), err.toString(), captured);
    }

    private CloudClientFactory factory() {
        return config -> new CloudClients(
                S3Client.builder().endpointOverride(cloud.s3Endpoint()).region(region()).credentialsProvider(localCredentials())
                        .forcePathStyle(true).build(),
                sqs(),
                DynamoDbClient.builder().endpointOverride(cloud.dynamodbEndpoint()).region(region())
                        .credentialsProvider(localCredentials()).build(),
                Optional.of(aws.sts()), Optional.of(aws.iam()), Optional.of(aws.ecr()), Optional.of(aws.lambda()));
    }

    private SqsClient sqs() {
        return SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(region()).credentialsProvider(localCredentials()).build();
    }

    private static Region region() {
        return Region.of(cloud.region());
    }

    private static StaticCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String data() {
        return Path.of("..", "data", "student_data.json").toString();
    }
}
