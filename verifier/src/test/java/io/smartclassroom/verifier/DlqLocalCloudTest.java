package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Runs {@code verifier dlq} against the local cloud's SQS (ElasticMQ). */
class DlqLocalCloudTest {
    private static final S3EventNotifications EVENTS = new S3EventNotifications();

    private static LocalCloud cloud;
    private static SqsClient sqs;

    private String sourceUrl;
    private String deadLetterUrl;
    private String deadLetterName;

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The line of the table that names {@code video}, split into its columns. */
        List<String> row(String video) {
            return lines().stream().filter(line -> line.contains("  " + video + "  ")).findFirst()
                    .map(line -> Arrays.asList(line.split("\\s{2,}"))).orElseThrow(() -> new AssertionError("no line for " + video + " in " + out));
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.SQS).withNotifications(List.of()));
        sqs = client();
    }

    @AfterAll
    static void stopCloud() {
        if (sqs != null) {
            sqs.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void queuesWithARedrivePolicy() {
        String name = "requests-" + UUID.randomUUID().toString().substring(0, 8);
        deadLetterName = name + "-dlq";
        deadLetterUrl = sqs.createQueue(request -> request.queueName(deadLetterName)).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(request -> request.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sourceUrl = sqs.createQueue(request -> request.queueName(name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}"))).queueUrl();
    }

    @Test
    void listsEveryFieldWithoutConsumingAnything() {
        deadLetter("r1/a.mp4", Map.of(
                DeadLetterAttributes.KIND, "undecodable",
                DeadLetterAttributes.REASON, "s3://in/r1/a.mp4 is not a video container FFmpeg knows",
                DeadLetterAttributes.ERROR_TYPE, "io.smartclassroom.common.VideoRejectedException",
                DeadLetterAttributes.FAILED_AT, "2026-12-02T10:00:00Z",
                DeadLetterAttributes.SOURCE_QUEUE, sourceUrl,
                DeadLetterAttributes.RECEIVE_COUNT, "3",
                DeadLetterAttributes.REQUEST_ID, "req-0001"));
        deadLetter("r1/b.mp4", Map.of(DeadLetterAttributes.KIND, "function-error", DeadLetterAttributes.RECEIVE_COUNT, "5"));
        sqs.sendMessage(request -> request.queueUrl(deadLetterUrl).messageBody("not json at all"));

        Run first = run("dlq", "--dead-letter-queue", deadLetterName);
        Run second = run("dlq", "--dead-letter-queue", deadLetterUrl);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.lines()).hasSize(5);
        assertThat(first.lines().get(0).split("\\s{2,}"))
                .containsExactly("RECEIVES", "VIDEO", "KIND", "ERROR-TYPE", "FAILED-AT", "REQUEST-ID", "REASON");
        assertThat(first.row("r1/a.mp4")).containsExactly("3", "r1/a.mp4", "undecodable",
                "io.smartclassroom.common.VideoRejectedException", "2026-12-02T10:00:00Z", "req-0001",
                "s3://in/r1/a.mp4 is not a video container FFmpeg knows");
        assertThat(first.row("r1/b.mp4")).containsExactly("5", "r1/b.mp4", "function-error", "-", "-", "-", "-");
        assertThat(first.lines()).anySatisfy(line ->
                assertThat(line.split("\\s{2,}")).containsExactly("~1", "-", "unknown", "-", "-", "-", "-"));
        assertThat(first.lines().get(4))
                .isEqualTo("3 messages in the dead-letter queue: function-error 1, undecodable 1, unknown 1");
        // what scripts/faults.sh greps: the key after whitespace, the kind after the key on its line
        assertThat(first.lines()).filteredOn(line -> line.matches(".*[\\s]r1/.*")).hasSize(2);
        assertThat(first.lines()).filteredOn(line -> line.matches(".*r1/.*undecodable.*")).hasSize(1);

        assertThat(second.exitCode()).as(second.err()).isZero();
        // the same messages and fields; only SQS's own count of a message without attributes grows with each peek
        assertThat(second.lines()).containsExactlyInAnyOrderElementsOf(first.lines().stream()
                .map(line -> line.startsWith("~1 ") ? "~2" + line.substring(2) : line).toList());
        assertThat(receiveAll(deadLetterUrl, 3)).extracting(Message::body).hasSize(3).contains("not json at all");
    }

    @Test
    void redriveOfOneVideoSendsOnlyItBackWithItsBodyAndOwnAttributes() {
        String aBody = deadLetter("r2/a.mp4", Map.of(DeadLetterAttributes.KIND, "function-error",
                DeadLetterAttributes.SOURCE_QUEUE, sourceUrl, DeadLetterAttributes.REASON, "timed out"),
                Map.of("trace", "abc"));
        deadLetter("r2/b.mp4", Map.of(DeadLetterAttributes.KIND, "function-error", DeadLetterAttributes.SOURCE_QUEUE, sourceUrl));

        Run redrive = run("dlq", "--dead-letter-queue", deadLetterName, "--video", "r2/a.mp4", "--redrive");

        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("r2/a.mp4").doesNotContain("r2/b.mp4")
                .contains("1 message in the dead-letter queue: function-error 1")
                .contains("redrove 1 message to " + sourceUrl);
        List<Message> back = receiveAll(sourceUrl, 1);
        assertThat(back).extracting(Message::body).containsExactly(aBody);
        assertThat(back.get(0).messageAttributes()).containsOnlyKeys("trace");
        assertThat(back.get(0).messageAttributes().get("trace").stringValue()).isEqualTo("abc");
        Run after = run("dlq", "--dead-letter-queue", deadLetterName);
        assertThat(after.out()).contains("r2/b.mp4").doesNotContain("r2/a.mp4")
                .contains("1 message in the dead-letter queue: function-error 1");
    }

    @Test
    void aMessageWithoutSourceQueueIsRedrivenToTheQueueOption() {
        String body = deadLetter("r3/a.mp4", Map.of());
        String otherName = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherUrl = sqs.createQueue(request -> request.queueName(otherName)).queueUrl();

        Run redrive = run("dlq", "--dead-letter-queue", deadLetterUrl, "--redrive", "--queue", otherName);

        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("1 message in the dead-letter queue: unknown 1", "redrove 1 message to " + otherUrl);
        assertThat(receiveAll(otherUrl, 1)).extracting(Message::body).containsExactly(body);
        assertThat(run("dlq", "--dead-letter-queue", deadLetterUrl).out())
                .isEqualTo("0 messages in the dead-letter queue" + System.lineSeparator());
    }

    @Test
    void moreMessagesThanABatchAreAllListedAndMaxStopsEarly() {
        for (int i = 0; i < 25; i++) {
            deadLetter("many/clip_" + i + ".mp4", Map.of(DeadLetterAttributes.KIND, "over-limit"));
        }

        Run all = run("dlq", "--dead-letter-queue", deadLetterName);
        Run five = run("dlq", "--dead-letter-queue", deadLetterName, "--max", "5");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.lines()).last().isEqualTo("25 messages in the dead-letter queue: over-limit 25");
        assertThat(all.lines()).filteredOn(line -> line.matches(".*\\smany/clip_\\d+\\.mp4\\s.*")).hasSize(25);
        assertThat(five.lines()).last().isEqualTo("5 messages in the dead-letter queue: over-limit 5");
        assertThat(five.err()).contains("looked at the first 5 messages only (--max)");
        assertThat(receiveAll(deadLetterUrl, 25)).hasSize(25);
    }

    @Test
    void anEmptyDeadLetterQueueSaysSo() {
        Run run = run("dlq", "--dead-letter-queue", deadLetterName);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("0 messages in the dead-letter queue" + System.lineSeparator());
    }

    @Test
    void aMissingQueueIsAOneLineErrorNamingItAndTheEndpoint() {
        Run byName = run("dlq", "--dead-letter-queue", "no-such-dlq");
        Run byUrl = run("dlq", "--dead-letter-queue", cloud.sqsEndpoint() + "/000000000000/no-such-dlq");
        deadLetter("r4/a.mp4", Map.of());
        Run noTarget = run("dlq", "--dead-letter-queue", deadLetterName, "--redrive", "--queue", "no-such-queue");

        assertThat(byName.exitCode()).isEqualTo(2);
        assertThat(byName.out()).isEmpty();
        assertThat(byName.err()).isEqualTo(
                "verifier: queue no-such-dlq does not exist at " + cloud.sqsEndpoint() + System.lineSeparator());
        assertThat(byUrl.exitCode()).isEqualTo(2);
        assertThat(byUrl.err()).startsWith("verifier: queue " + cloud.sqsEndpoint() + "/000000000000/no-such-dlq")
                .contains(" at " + cloud.sqsEndpoint()).hasLineCount(1);
        assertThat(noTarget.exitCode()).isEqualTo(2);
        assertThat(noTarget.err()).isEqualTo("verifier: queue no-such-queue (--queue) does not exist at "
                + cloud.sqsEndpoint() + System.lineSeparator());
        assertThat(receiveAll(deadLetterUrl, 1)).hasSize(1);
    }

    private String deadLetter(String key, Map<String, String> deadLetterAttributes) {
        return deadLetter(key, deadLetterAttributes, Map.of());
    }

    private String deadLetter(String key, Map<String, String> deadLetterAttributes, Map<String, String> own) {
        String body = EVENTS.objectCreated("ObjectCreated:Put", new S3ObjectRef("in", key, 10), null, "us-east-1",
                Instant.parse("2026-12-02T09:00:00Z"));
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        deadLetterAttributes.forEach((name, value) -> attributes.put(name, text(value)));
        own.forEach((name, value) -> attributes.put(name, text(value)));
        sqs.sendMessage(request -> request.queueUrl(deadLetterUrl).messageBody(body).messageAttributes(attributes));
        return body;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Receives (hiding them) up to {@code expected} messages, then one more receive to catch extras. */
    private static List<Message> receiveAll(String url, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < expected; attempt++) {
            messages.addAll(receive(url, 1));
        }
        messages.addAll(receive(url, 0));
        return messages;
    }

    private static List<Message> receive(String url, int waitSeconds) {
        return sqs.receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .visibilityTimeout(60).messageAttributeNames("All")).messages();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = VerifierCli.commandLine(maxConnections -> {
            throw new AssertionError("dlq must not open an S3 client");
        }, DlqLocalCloudTest::client);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static SqsClient client() {
        return SqsClient.builder()
                .endpointOverride(cloud.sqsEndpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
