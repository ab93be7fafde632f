package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.provisioning.aws.CloudClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Runs the provisioning commands against the local cloud's real emulators and checks the result through the SDK. */
class ProvisioningLocalCloudTest {
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static LocalCloudClients factory;
    private static CloudClients sdk;

    @TempDir
    Path directory;

    private Names names;
    private Path encodings;

    /** Each test gets its own resource names, so that the tests share one local cloud. */
    private record Names(String input, String output, String queue, String dlq, String table) {
        /** The encodings' own bucket, by default named after the output bucket. */
        String encodings() {
            return output.substring(0, output.length() - "-output".length()) + "-encodings";
        }

        Map<String, String> environment() {
            return Map.of(
                    "SMART_CLASSROOM_INPUT_BUCKET", input,
                    "SMART_CLASSROOM_OUTPUT_BUCKET", output,
                    "SMART_CLASSROOM_QUEUE", queue,
                    "SMART_CLASSROOM_DEAD_LETTER_QUEUE", dlq,
                    "SMART_CLASSROOM_TABLE", table);
        }
    }

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String line(String prefix) {
            return lines().stream().filter(line -> line.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out));
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
        factory = new LocalCloudClients(cloud);
        sdk = factory.clients();
    }

    @AfterAll
    static void stopCloud() {
        if (sdk != null) {
            sdk.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void uniqueNames() throws IOException {
        String prefix = "t" + TEST_NUMBER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        names = new Names(prefix + "-input", prefix + "-output", prefix + "-requests", prefix + "-requests-dlq", prefix + "-students");
        encodings = directory.resolve("encodings.json");
        Files.writeString(encodings, "{\"mr_bean\": [0.1, 0.2]}");
    }

    @Test
    void planAndStatusPrintOneJsonDocumentWithOutputJson() throws Exception {
        Run plan = run("plan", "--local-cloud", "--data", data(), "--output", "json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode planned = JSON.readTree(plan.out());
        assertThat(planned.get("command").asText()).isEqualTo("plan");
        assertThat(planned.get("failed").asBoolean()).isFalse();
        JsonNode input = resource(planned, "bucket", names.input());
        assertThat(input.get("outcome").asText()).isEqualTo("would-create");
        assertThat(input.get("text").asText()).startsWith("would create");
        assertThat(planned.get("counts").get("would-create").asInt()).isEqualTo(count(planned, "would-create")).isPositive();
        assertThat(planned.get("summary").asText()).startsWith("plan: " + count(planned, "would-create") + " to create");
        assertThat(sdk.s3().listBuckets().buckets()).noneMatch(bucket -> bucket.name().equals(names.input()));

        assertThat(run("up", "--local-cloud", "--data", data()).exitCode()).isZero();
        Run status = run("status", "--local-cloud", "--data", data(), "--output", "json");

        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode state = JSON.readTree(status.out());
        assertThat(state.get("command").asText()).isEqualTo("status");
        assertThat(resource(state, "bucket", names.input()).get("outcome").asText()).isEqualTo("present");
        assertThat(resource(state, "queue", names.queue()).get("outcome").asText()).isEqualTo("present");
        assertThat(state.get("counts").get("present").asInt()).isEqualTo(count(state, "present"));
        assertThat(state.get("counts").has("absent")).isFalse();
        assertThat(state.has("userData")).isTrue();
        assertThat(state.get("userData").isNull()).isTrue();
        run("down", "--yes", "--local-cloud");
    }

    private static JsonNode resource(JsonNode run, String kind, String name) {
        for (JsonNode resource : run.get("resources")) {
            if (resource.get("kind").asText().equals(kind) && resource.get("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + run);
    }

    private static int count(JsonNode run, String outcome) {
        int count = 0;
        for (JsonNode resource : run.get("resources")) {
            if (resource.get("outcome").asText().equals(outcome)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void planOnAFreshCloudListsEverythingAsToCreateAndCreatesNothing() {
        factory.clearOperations();

        Run plan = run("plan", "--local-cloud", "--data", data(), "--encodings", encodings.toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.line("bucket " + names.input() + ":")).endsWith("would create");
        assertThat(plan.line("bucket " + names.output() + ":")).endsWith("would create");
        assertThat(plan.line("dead-letter-queue " + names.dlq() + ":")).contains("would create (retention 14 days)");
        assertThat(plan.line("queue " + names.queue() + ":")).contains("would create", "visibility timeout 960 s",
                "long polling 20 s", "after 3 receives");
        assertThat(plan.line("queue-policy " + names.queue() + ":")).contains("not needed on the local cloud");
        assertThat(plan.line("notification " + names.input() + " -> " + names.queue() + ":"))
                .endsWith(": delivered by the local cloud (S3 API not implemented here)");
        assertThat(plan.line("table " + names.table() + ":")).contains("would create");
        assertThat(plan.line("students " + names.table() + ":")).endsWith("would create (8 items)");
        assertThat(plan.line("bucket " + names.encodings() + ":")).endsWith("would create");
        assertThat(plan.line("encodings s3://" + names.encodings() + "/encodings.json:")).contains("would create");
        // IAM, ECR, Lambda and OpenStack are not emulated: one line each, and nothing is asked of them
        assertThat(plan.line("ecr-repository smart-classroom-handler:")).endsWith(": not on the local cloud, which does not emulate ECR; nothing changed");
        assertThat(plan.line("role smart-classroom-face-recognition-role:")).endsWith(": not on the local cloud, which does not emulate IAM; nothing changed");
        assertThat(plan.line("function smart-classroom-face-recognition:")).contains(": not on the local cloud, which does not emulate Lambda");
        assertThat(plan.line("user smart-classroom-monitor:")).endsWith(": not on the local cloud, which does not emulate IAM; nothing changed");
        assertThat(plan.line("openstack monitor server:")).endsWith(": not on the local cloud, which does not emulate OpenStack; nothing changed");
        // nor S3 lifecycle rules (S3Proxy) and CloudWatch
        assertThat(plan.line("lifecycle " + names.input() + ":")).endsWith(": not on the local cloud, which does not"
                + " emulate S3 lifecycle rules (videos and evidence would expire after 30 days); nothing changed");
        assertThat(plan.line("lifecycle " + names.output() + ":")).contains("does not emulate S3 lifecycle rules");
        assertThat(plan.line("alarm smart-classroom-face-recognition-errors:"))
                .endsWith(": not on the local cloud, which does not emulate CloudWatch; nothing changed");
        assertThat(plan.line("alarm " + names.queue() + "-monitor-heartbeat:")).contains("does not emulate CloudWatch");
        assertThat(plan.lines()).last().isEqualTo("plan: 8 to create, 0 to update, 0 unchanged");
        assertThat(factory.writes()).isEmpty();
        assertThat(factory.operations()).isNotEmpty();
        assertThatThrownBy(() -> sdk.s3().headBucket(b -> b.bucket(names.input()))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> sdk.sqs().getQueueUrl(b -> b.queueName(names.queue()))).isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sdk.dynamoDb().describeTable(b -> b.tableName(names.table()))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void upCreatesEverythingASecondUpWritesNothingAndDownRemovesIt() throws Exception {
        Run up = run("up", "--local-cloud", "--data", data(), "--encodings", encodings.toString());

        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.lines()).last().isEqualTo("up: 8 created, 0 updated, 0 unchanged");
        assertThat(up.line("notification ")).endsWith("delivered by the local cloud (S3 API not implemented here)");
        assertThat(up.line("students ")).endsWith("created (8 items written)");

        // buckets
        sdk.s3().headBucket(b -> b.bucket(names.input()));
        sdk.s3().headBucket(b -> b.bucket(names.output()));
        // queues: redrive policy to the DLQ's ARN, visibility timeout, long polling, DLQ retention
        String dlqUrl = sdk.sqs().getQueueUrl(b -> b.queueName(names.dlq())).queueUrl();
        Map<QueueAttributeName, String> dlq = attributes(dlqUrl);
        Map<QueueAttributeName, String> queue = attributes(sdk.sqs().getQueueUrl(b -> b.queueName(names.queue())).queueUrl());
        assertThat(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("960");
        assertThat(queue.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS)).isEqualTo("20");
        JsonNode redrive = JSON.readTree(queue.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(dlq.get(QueueAttributeName.QUEUE_ARN));
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(3);
        // table: id (N) hash key, name-index on name (S) projecting ALL, ACTIVE
        TableDescription table = sdk.dynamoDb().describeTable(b -> b.tableName(names.table())).table();
        assertThat(table.tableStatusAsString()).isEqualTo("ACTIVE");
        assertThat(table.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("id"));
        assertThat(table.attributeDefinitions()).anySatisfy(d -> {
            assertThat(d.attributeName()).isEqualTo("id");
            assertThat(d.attributeTypeAsString()).isEqualTo("N");
        });
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("name-index");
            assertThat(index.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("name"));
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        });
        // the 8 students, found by name through the index as the handler does
        List<Map<String, AttributeValue>> items = sdk.dynamoDb().scan(b -> b.tableName(names.table())).items();
        assertThat(items).hasSize(8);
        List<Map<String, AttributeValue>> floki = sdk.dynamoDb().query(b -> b.tableName(names.table()).indexName("name-index")
                .keyConditionExpression("#n = :n")
                .expressionAttributeNames(Map.of("#n", "name"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("floki")))).items();
        assertThat(floki).singleElement().satisfies(item -> {
            assertThat(item.get("id").n()).isEqualTo("4");
            assertThat(item.get("major").s()).isEqualTo("history");
            assertThat(item.get("year").s()).isEqualTo("junior");
        });
        // the encodings object
        ResponseBytes<GetObjectResponse> object = sdk.s3().getObjectAsBytes(b -> b.bucket(names.encodings()).key("encodings.json"));
        assertThat(object.asUtf8String()).isEqualTo(Files.readString(encodings));

        // a second up changes nothing and writes nothing
        factory.clearOperations();
        Run again = run("up", "--local-cloud", "--data", data(), "--encodings", encodings.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(factory.writes()).isEmpty();
        assertThat(again.lines()).last().isEqualTo("up: 0 created, 0 updated, 8 unchanged");
        assertThat(again.line("bucket " + names.input() + ":")).endsWith(": exists");
        assertThat(again.line("students ")).endsWith(": unchanged (8 items)");
        // ElasticMQ accepts but does not keep MessageRetentionPeriod; that is said, not retried
        assertThat(again.line("dead-letter-queue ")).endsWith("the local cloud does not keep [MessageRetentionPeriod])");
        assertThat(again.line("encodings ")).contains(": unchanged (");

        Run status = run("status", "--local-cloud", "--data", data(), "--encodings", encodings.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.lines()).last().isEqualTo("status: 8 present, 0 differ, 0 absent");
        assertThat(status.line("table ")).contains("present (ACTIVE, ");

        // down without --yes refuses and deletes nothing
        factory.clearOperations();
        Run refused = run("down", "--local-cloud");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("refusing to delete without --yes", names.input(), names.table());
        assertThat(factory.operations()).isEmpty();

        // something the pipeline wrote: down deletes the bucket with it
        sdk.s3().putObject(b -> b.bucket(names.output()).key("test_0.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("name,major,year\n"));
        Run down = run("down", "--yes", "--local-cloud", "--data", data());
        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        // reverse order: the lines of what the local cloud does not have, then the encodings object first of what it has
        assertThat(down.lines()).first().asString().isEqualTo(
                "openstack monitor server: not on the local cloud, which does not emulate OpenStack; nothing changed");
        assertThat(down.lines().stream().filter(line -> !line.contains("not on the local cloud")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("encodings s3://" + names.encodings()));
        assertThat(down.line("bucket " + names.output() + ":")).endsWith("deleted (1 object deleted with it)");
        assertThat(down.lines()).last().isEqualTo("down: 8 deleted, 0 absent");
        assertThatThrownBy(() -> sdk.s3().headBucket(b -> b.bucket(names.output()))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> sdk.s3().headBucket(b -> b.bucket(names.input()))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> sdk.sqs().getQueueUrl(b -> b.queueName(names.queue()))).isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sdk.sqs().getQueueUrl(b -> b.queueName(names.dlq()))).isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sdk.dynamoDb().describeTable(b -> b.tableName(names.table()))).isInstanceOf(ResourceNotFoundException.class);

        Run downAgain = run("down", "--yes", "--local-cloud", "--data", data());
        assertThat(downAgain.exitCode()).isZero();
        assertThat(downAgain.lines()).last().isEqualTo("down: 0 deleted, 7 absent");
        assertThat(downAgain.line("encodings ")).endsWith(": absent; no encodings file given (--encodings)");
    }

    @Test
    void upRepairsWhatDiffersAndOnlyThat() throws Exception {
        assertThat(run("up", "--local-cloud", "--data", data(), "--encodings", encodings.toString()).exitCode()).isZero();
        String queueUrl = sdk.sqs().getQueueUrl(b -> b.queueName(names.queue())).queueUrl();
        sdk.sqs().setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        sdk.dynamoDb().deleteItem(b -> b.tableName(names.table()).key(Map.of("id", AttributeValue.fromN("3"))));
        sdk.dynamoDb().putItem(b -> b.tableName(names.table()).item(Map.of("id", AttributeValue.fromN("4"),
                "name", AttributeValue.fromS("floki"), "major", AttributeValue.fromS("math"), "year", AttributeValue.fromS("junior"))));
        Files.writeString(encodings, "{\"mr_bean\": [0.3, 0.4]}");

        Run plan = run("plan", "--local-cloud", "--data", data(), "--encodings", encodings.toString(), "--max-receive-count", "5");
        assertThat(plan.line("queue " + names.queue() + ":")).contains("would update: ", "VisibilityTimeout 30 -> 960", "RedrivePolicy");
        assertThat(plan.line("students ")).endsWith("would update: item 3 (vin_diesel) missing; item 4 (floki) differs");
        assertThat(plan.line("encodings ")).contains("would update: content differs");
        assertThat(plan.lines()).last().isEqualTo("plan: 0 to create, 3 to update, 5 unchanged");

        factory.clearOperations();
        Run up = run("up", "--local-cloud", "--data", data(), "--encodings", encodings.toString(), "--max-receive-count", "5");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.lines()).last().isEqualTo("up: 0 created, 3 updated, 5 unchanged");
        assertThat(factory.writes()).containsExactlyInAnyOrder("SetQueueAttributes", "PutItem", "PutItem", "PutObject");

        Map<QueueAttributeName, String> queue = attributes(queueUrl);
        assertThat(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("960");
        assertThat(JSON.readTree(queue.get(QueueAttributeName.REDRIVE_POLICY)).get("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(sdk.dynamoDb().getItem(b -> b.tableName(names.table()).key(Map.of("id", AttributeValue.fromN("4")))).item()
                .get("major").s()).isEqualTo("history");
        assertThat(sdk.dynamoDb().getItem(b -> b.tableName(names.table()).key(Map.of("id", AttributeValue.fromN("3")))).item()
                .get("name").s()).isEqualTo("vin_diesel");
        assertThat(sdk.s3().getObjectAsBytes(b -> b.bucket(names.encodings()).key("encodings.json")).asUtf8String())
                .isEqualTo("{\"mr_bean\": [0.3, 0.4]}");
        run("down", "--yes", "--local-cloud");
    }

    @Test
    void upStopsWithAClearReasonAtATableItCannotRepair() {
        // no name-index: DynamoDB can add one, but dynalite (the local cloud) cannot
        sdk.dynamoDb().createTable(b -> b.tableName(names.table())
                .attributeDefinitions(a -> a.attributeName("id").attributeType("N"))
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));

        Run plan = run("plan", "--local-cloud", "--data", data());
        Run noIndex = run("up", "--local-cloud", "--data", data());

        assertThat(plan.line("table " + names.table() + ":")).endsWith(": would update: no index name-index");
        assertThat(noIndex.exitCode()).isEqualTo(1);
        assertThat(noIndex.line("table ")).contains(": failed: could not add index name-index to table " + names.table(),
                "delete the table (down --yes) and run up again");
        assertThat(noIndex.line("students ")).endsWith(": skipped after an earlier failure");
        // skipped: students, encodings and the nine lines of what the local cloud does not have after the table
        // (ECR, role, function, user, four alarms, OpenStack)
        assertThat(noIndex.lines()).last().isEqualTo("up: 5 created, 0 updated, 0 unchanged, 1 failed, 11 skipped");
        assertThat(run("down", "--yes", "--local-cloud").exitCode()).isZero();

        // a string key cannot be changed at all
        sdk.dynamoDb().createTable(b -> b.tableName(names.table())
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
        Run wrongKey = run("up", "--local-cloud", "--data", data());

        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.line("table ")).contains(": failed: table " + names.table() + " does not have id (N) as its only key");
        assertThat(wrongKey.lines()).last().isEqualTo("up: 5 created, 0 updated, 0 unchanged, 1 failed, 11 skipped");
        assertThat(run("down", "--yes", "--local-cloud").exitCode()).isZero();
    }

    @Test
    void withoutAnEncodingsFileTheObjectIsLeftAloneAndNoSubcommandMeansUp() {
        Run up = run("--local-cloud", "--data", data());

        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.line("encodings ")).endsWith("absent; no encodings file given (--encodings)");
        assertThat(up.lines()).last().isEqualTo("up: 7 created, 0 updated, 0 unchanged");
        run("down", "--yes", "--local-cloud");
    }

    @Test
    void withoutTheLocalCloudFlagTheNotImplementedNotificationApiIsReportedNotFailed() {
        Run plan = run("plan", "--data", data());

        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.line("notification ")).endsWith("delivered by the local cloud (S3 API not implemented here)");
    }

    @Test
    void badInputIsRejectedBeforeAnyCloudCall() throws IOException {
        Path broken = directory.resolve("students.json");
        Files.writeString(broken, "[{\"id\": 1}]");
        int opened = factory.timesOpened();

        Run badData = run("up", "--local-cloud", "--data", broken.toString());
        Run missingData = run("up", "--local-cloud", "--data", directory.resolve("nope.json").toString());
        Run missingEncodings = run("up", "--local-cloud", "--data", data(), "--encodings", directory.resolve("nope.bin").toString());
        Run badOption = run("up", "--max-receive-count", "0");

        assertThat(badData.exitCode()).isEqualTo(1);
        assertThat(badData.err()).isEqualTo("provisioning: " + broken + " record 0: \"name\" must be a non-empty string\n");
        assertThat(missingData.exitCode()).isEqualTo(1);
        assertThat(missingData.err()).contains("nope.json does not exist");
        assertThat(missingEncodings.exitCode()).isEqualTo(1);
        assertThat(missingEncodings.err()).contains("nope.bin is not a readable file");
        assertThat(badOption.exitCode()).isEqualTo(1);
        assertThat(badOption.err()).contains("queue.max-receive-count must be an integer from 1 to 1000, got '0' (from command line)");
        assertThat(factory.timesOpened()).isEqualTo(opened);
    }

    @Test
    void theRealClientFactoryFindsTheLocalCloudThroughTheSdkEnvironmentVariables() throws Exception {
        assertThat(run("up", "--local-cloud", "--data", data()).exitCode()).isZero();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ProvisioningCli.class.getName(), "status", "--local-cloud", "--data", data()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("SMART_CLASSROOM_"));
        environment.putAll(cloud.environment());
        environment.putAll(names.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();

        assertThat(exit).as(output).isZero();
        assertThat(output.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElseThrow())
                .isEqualTo("status: 7 present, 0 differ, 0 absent");
        assertThat(output).contains("bucket " + names.input() + ": present");
        run("down", "--yes", "--local-cloud");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(names.environment());
        CommandLine commandLine = ProvisioningCli.commandLine(factory, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Map<QueueAttributeName, String> attributes(String url) {
        return sdk.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static String data() {
        return StudentDataFileTest.PROJECT_DATA.toString();
    }

    @SuppressWarnings("unused")
    private static String describe(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
