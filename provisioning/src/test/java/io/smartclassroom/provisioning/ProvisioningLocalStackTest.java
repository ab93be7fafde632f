package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.aws.CloudClientFactory;
import io.smartclassroom.provisioning.aws.CloudClients;
import io.smartclassroom.provisioning.aws.Waits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code up} twice and {@code down} against LocalStack (Testcontainers), as against AWS (not {@code --local-cloud}):
 * buckets with the public access block, default encryption and tag, queues, queue policy and notification, table,
 * students, the function's role and the monitor's user with their inline policies. LocalStack's community edition has
 * no ECR, so the test's clients have no ECR client, and no image is configured, so the function is "not configured".
 * Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProvisioningLocalStackTest {
    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4.0")
            .withServices("s3", "sqs", "dynamodb", "iam", "sts", "lambda");

    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

    @Test
    void upCreatesEverythingASecondUpWritesNothingAndDownRemovesIt() throws Exception {
        Run up = run("up", "--data", data());

        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("bucket smart-classroom-input: created (public access blocked, SSE-S3 default"
                + " encryption, tagged managed-by=smart-classroom)");
        assertThat(up.out()).contains("role smart-classroom-face-recognition-role: created (", "user smart-classroom-monitor: created (",
                "function smart-classroom-face-recognition: not configured", "ecr-repository smart-classroom-handler: not managed: no ECR client");

        try (CloudClients clients = clients()) {
            assertThat(clients.s3().getBucketEncryption(b -> b.bucket("smart-classroom-input")).serverSideEncryptionConfiguration()
                    .rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(clients.s3().getPublicAccessBlock(b -> b.bucket("smart-classroom-input"))
                    .publicAccessBlockConfiguration().blockPublicPolicy()).isTrue();
            // the notification and the queue policy deliver an upload of a video to the queue
            clients.s3().putObject(b -> b.bucket("smart-classroom-input").key("lecture 1.mp4"), RequestBody.fromString("video"));
            String queueUrl = clients.sqs().getQueueUrl(b -> b.queueName("smart-classroom-requests")).queueUrl();
            List<Message> messages = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
            assertThat(messages).singleElement().satisfies(message -> assertThat(message.body()).contains("lecture+1.mp4"));
        }

        operations.clear();
        Run again = run("up", "--data", data());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(writes()).isEmpty();
        assertThat(again.out().lines().toList()).last().asString().startsWith("up: 0 created, 0 updated, ");

        Run down = run("down", "--yes", "--data", data());
        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("role smart-classroom-face-recognition-role: deleted", "user smart-classroom-monitor: deleted",
                "bucket smart-classroom-input: deleted");
    }

    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ProvisioningCli.commandLine(factory(), Map.of("SMART_CLASSROOM_REGION", LOCALSTACK.getRegion()),
                Path.of(System.getProperty("java.io.tmpdir")), new Waits(Duration.ofMillis(500), Duration.ofMinutes(2)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    private CloudClientFactory factory() {
        return config -> clients();
    }

    private CloudClients clients() {
        Region region = Region.of(LOCALSTACK.getRegion());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        return new CloudClients(
                S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials)
                        .forcePathStyle(true).overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build(),
                SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build(),
                DynamoDbClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build(),
                Optional.of(StsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                        .credentialsProvider(credentials).build()),
                Optional.of(IamClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()),
                Optional.empty(),
                Optional.of(LambdaClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                        .credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()));
    }

    /** The recorded operations that write: everything but Get*, Head*, List*, Describe*, Query, Scan. */
    private List<String> writes() {
        synchronized (operations) {
            return operations.stream()
                    .filter(operation -> !(operation.startsWith("Get") || operation.startsWith("Head")
                            || operation.startsWith("List") || operation.startsWith("Describe")
                            || operation.equals("Query") || operation.equals("Scan")))
                    .toList();
        }
    }

    private static String data() {
        return StudentDataFileTest.PROJECT_DATA.toString();
    }
}
