package io.smartclassroom.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.verifier.SdkS3ClientFactory;
import io.smartclassroom.verifier.SdkS3TransferClientFactory;
import io.smartclassroom.verifier.SdkSqsClientFactory;
import io.smartclassroom.verifier.VerifierCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real pipeline on the local cloud: S3Proxy → (S3 event) → ElasticMQ → monitor → Lambda invoke
 * endpoint → handler (FFmpeg, YuNet, the recognition model) → dynalite → CSV in S3Proxy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudPipelineTest {
    private static final int MAX_RECEIVE_COUNT = 2;

    @TempDir
    static Path work;

    private static Assets assets;
    private static LocalCloud cloud;
    private static PipelineUnderTest pipeline;
    private static S3Client s3;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        assets = Assets.required();
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
        pipeline = PipelineUnderTest.start(assets, cloud.environment(), true, work, MAX_RECEIVE_COUNT, Duration.ofSeconds(10));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
        s3 = S3Client.builder().endpointOverride(cloud.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(cloud.region())).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint())
                .region(Region.of(cloud.region())).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @Order(1)
    void theCourseClipsComeOutAsTheExpectedCsvs() throws Exception {
        Map<String, String> env = cloud.environment();
        String uploaded = PipelineUnderTest.run(VerifierCli.commandLine(new SdkS3ClientFactory(env), new SdkSqsClientFactory(),
                        new SdkS3TransferClientFactory(env)),
                "upload", "--bucket", PipelineUnderTest.NAMES.inputBucket(), "--progress", "none",
                assets.clips().toString());
        assertThat(uploaded).contains("8");

        String report = PipelineUnderTest.run(VerifierCli.commandLine(new SdkS3ClientFactory(env)),
                "--bucket", PipelineUnderTest.NAMES.outputBucket(),
                "--expected", assets.expectedCsv().toString(), "--wait", "300");

        assertThat(report).contains("8/8 correct");
        assertThat(csv("test_0.csv")).isEqualTo("name,major,year\npresident_trump,physics,junior\n");
        assertThat(csv("test_8.csv")).isEqualTo("name,major,year\npresident_obama,electrical_engineering,senior\n");
        assertThat(pipeline.monitor().stats().succeeded()).isEqualTo(8);
    }

    @Test
    @Order(2)
    void badInputsEachGetAClearOutcomeAndNothingIsLost() throws Exception {
        String input = PipelineUnderTest.NAMES.inputBucket();
        byte[] clip = Files.readAllBytes(assets.clips().resolve("test_1.mp4"));
        put(input, "bad/empty.mp4", new byte[0]);
        put(input, "bad/truncated.mp4", Arrays.copyOf(clip, clip.length / 3));
        put(input, "bad/notes.mp4", "these are my lecture notes, not a video".getBytes(UTF_8));
        put(input, "week 1/my class ü,1.mp4", clip);
        put(input, "blank.mp4", Files.readAllBytes(TestVideos.noFace(work.resolve("blank.mp4"))));
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(PipelineUnderTest.NAMES.queue())).queueUrl();
        String dlqUrl = sqs.getQueueUrl(b -> b.queueName(PipelineUnderTest.NAMES.deadLetterQueue())).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + input + "\"}"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("this is not JSON"));

        // a key with spaces and unicode is processed like any other; the CSV keeps the video's folders and name
        await().atMost(Duration.ofMinutes(3)).until(() -> outputKeys().contains("week 1/my class ü,1.csv"));
        assertThat(csv("week 1/my class ü,1.csv")).isEqualTo("name,major,year\npresident_biden,history,sophomore\n");

        // a video with no face still gets its CSV, header only, with the reason recorded
        await().atMost(Duration.ofMinutes(3)).until(() -> outputKeys().contains("blank.csv"));
        ResponseBytes<GetObjectResponse> blank = s3.getObjectAsBytes(
                b -> b.bucket(PipelineUnderTest.NAMES.outputBucket()).key("blank.csv"));
        assertThat(blank.asUtf8String()).isEqualTo("name,major,year\n");
        assertThat(blank.response().metadata()).containsKey("outcome").containsKey("reason");
        assertThat(blank.response().metadata().get("reason")).containsIgnoringCase("face");

        // undecodable inputs and a body that is no S3 event are retried, then end in the dead-letter queue
        List<String> deadLetters = new java.util.ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(600)).messages()) {
                deadLetters.add(message.body());
            }
            return deadLetters.size() >= 4;
        });
        assertThat(deadLetters).hasSize(4);
        assertThat(deadLetters).filteredOn(body -> body.contains("bad/empty.mp4")).hasSize(1);
        assertThat(deadLetters).filteredOn(body -> body.contains("bad/truncated.mp4")).hasSize(1);
        assertThat(deadLetters).filteredOn(body -> body.contains("bad/notes.mp4")).hasSize(1);
        assertThat(deadLetters).filteredOn(body -> body.equals("this is not JSON")).hasSize(1);

        // nothing else is left: the test event was acknowledged, no CSV was invented for bad input
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return attributes.values().stream().allMatch("0"::equals);
        });
        assertThat(outputKeys()).doesNotContain("bad/empty.csv", "bad/truncated.csv", "bad/notes.csv");
        assertThat(pipeline.monitor().stats().testEvents()).isEqualTo(1);
    }

    private static void put(String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static String csv(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(PipelineUnderTest.NAMES.outputBucket()).key(key)).asUtf8String();
    }

    private static List<String> outputKeys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(PipelineUnderTest.NAMES.outputBucket())).contents().stream()
                .map(S3Object::key).toList();
    }
}
