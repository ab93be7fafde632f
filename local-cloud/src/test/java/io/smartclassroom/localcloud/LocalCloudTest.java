package io.smartclassroom.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

class LocalCloudTest {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));

    private static LocalCloud cloud;
    private static S3Client s3;
    private static SqsClient sqs;
    private static DynamoDbClient dynamodb;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().withNotification("other-input", "other-queue"));
        s3 = S3Client.builder().endpointOverride(cloud.s3Endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build();
        sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
        dynamodb = DynamoDbClient.builder().endpointOverride(cloud.dynamodbEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            sqs.close();
            dynamodb.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void everyEndpointIsOnLoopbackAndInTheEnvironment() {
        assertThat(List.of(cloud.sqsEndpoint(), cloud.s3Endpoint(), cloud.dynamodbEndpoint()))
                .extracting(URI::getHost).containsOnly("127.0.0.1");
        assertThat(cloud.environment())
                .containsEntry("AWS_ENDPOINT_URL_SQS", cloud.sqsEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_S3", cloud.s3Endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamodbEndpoint().toString())
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_DEFAULT_REGION", "us-east-1");
    }

    @Test
    void anObjectCreatedInTheInputBucketIsAnnouncedOnTheQueueWithItsKeyEncodedAsS3Does() throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName("smart-classroom-requests")).queueUrl();
        s3.createBucket(b -> b.bucket("smart-classroom-input"));
        s3.createBucket(b -> b.bucket("not-notifying"));
        String key = "class 1/my clip,ü.mp4";

        s3.putObject(b -> b.bucket("smart-classroom-input").key(key), RequestBody.fromString("0123456789"));
        s3.putObject(b -> b.bucket("not-notifying").key("x.mp4"), RequestBody.fromString("x"));

        ReceiveMessageResponse received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(10));
        assertThat(received.messages()).hasSize(1);
        Message message = received.messages().get(0);
        assertThat(message.body()).contains("\"key\":\"class+1/my+clip%2C%C3%BC.mp4\"");
        S3Message parsed = new S3EventNotifications().parse(message.body());
        assertThat(parsed).isInstanceOfSatisfying(S3Message.ObjectEvents.class, events -> {
            assertThat(events.records()).hasSize(1);
            S3Message.ObjectEvent event = events.records().get(0);
            assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
            assertThat(event.object().bucket()).isEqualTo("smart-classroom-input");
            assertThat(event.object().key()).isEqualTo(key);
            assertThat(event.object().size()).isEqualTo(10);
        });
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                .as("the bucket without a notification sends nothing").isEmpty();
    }

    @Test
    void aCopyIntoTheNotifyingBucketIsAnnouncedToo() {
        String queueUrl = sqs.createQueue(b -> b.queueName("other-queue")).queueUrl();
        s3.createBucket(b -> b.bucket("other-input"));
        s3.createBucket(b -> b.bucket("source"));
        s3.putObject(b -> b.bucket("source").key("a.mp4"), RequestBody.fromString("abc"));

        s3.copyObject(b -> b.sourceBucket("source").sourceKey("a.mp4").destinationBucket("other-input").destinationKey("b.mp4"));

        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).contains("ObjectCreated:Copy").contains("\"key\":\"b.mp4\"");
    }

    @Test
    void dynamodbTablesAreActiveAtOnce() {
        dynamodb.createTable(b -> b.tableName("students")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST"));
        assertThat(dynamodb.describeTable(b -> b.tableName("students")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void closingStopsTheDynaliteProcess() throws IOException {
        LocalCloud second = LocalCloud.start(LocalCloudOptions.defaults().only(Service.DYNAMODB));
        long pid = dynalitePid();
        second.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    private static long dynalitePid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("dynalite-launcher"))
                .mapToLong(ProcessHandle::pid).max().orElseThrow();
    }

    @Test
    void dataSurvivesARestartWithADataDir(@TempDir Path dataDir) throws IOException {
        LocalCloudOptions options = LocalCloudOptions.defaults().only(Service.S3).withNotifications(List.of()).withDataDir(dataDir);
        try (LocalCloud first = LocalCloud.start(options); S3Client client = client(first)) {
            client.createBucket(b -> b.bucket("kept"));
            client.putObject(b -> b.bucket("kept").key("k.csv"), RequestBody.fromString("name,major,year\n"));
        }
        try (LocalCloud again = LocalCloud.start(options); S3Client client = client(again)) {
            assertThat(client.getObjectAsBytes(b -> b.bucket("kept").key("k.csv")).asUtf8String())
                    .isEqualTo("name,major,year\n");
        }
    }

    @Test
    void notificationsWithoutSqsAreRefused() {
        assertThatThrownBy(() -> LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need SQS");
    }

    private static S3Client client(LocalCloud c) {
        return S3Client.builder().endpointOverride(c.s3Endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build();
    }
}
