package io.smartclassroom.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3Sequencer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Conditional PutObject (If-Match / If-None-Match) and the ETag and sequencer of the events. */
class ConditionalPutTest {
    private static final Logger log = LoggerFactory.getLogger(ConditionalPutTest.class);
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));

    private static LocalCloud cloud;
    private static S3Client s3;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().withNotification("seq-input", "seq-queue"));
        s3 = S3Client.builder().endpointOverride(cloud.s3Endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build();
        sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
        s3.createBucket(b -> b.bucket("race"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void ifNoneMatchStarRefusesAnExistingKeyAndIfMatchAStaleETag() {
        String first = s3.putObject(b -> b.bucket("race").key("single.csv").ifNoneMatch("*"), RequestBody.fromString("1")).eTag();

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("race").key("single.csv").ifNoneMatch("*"), RequestBody.fromString("2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        String second = s3.putObject(b -> b.bucket("race").key("single.csv").ifMatch(first), RequestBody.fromString("3")).eTag();
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("race").key("single.csv").ifMatch(first), RequestBody.fromString("4")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("race").key("single.csv")).asUtf8String()).isEqualTo("3");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void ofConcurrentWritersThatReadTheSameETagExactlyOneWinsEachRound() throws Exception {
        int writers = 8;
        int rounds = 10;
        String key = "contended.csv";
        s3.putObject(b -> b.bucket("race").key(key), RequestBody.fromString("start"));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Integer> winnersPerRound = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                String seen = s3.headObject(b -> b.bucket("race").key(key)).eTag();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int writer = 0; writer < writers; writer++) {
                    String body = "round " + round + " writer " + writer;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        try {
                            s3.putObject(b -> b.bucket("race").key(key).ifMatch(seen), RequestBody.fromString(body));
                            return true;
                        } catch (S3Exception e) {
                            if (e.statusCode() == 412) {
                                return false;
                            }
                            throw e;
                        }
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                winnersPerRound.add(winners);
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("conditional writers={} rounds={} winners per round={}", writers, rounds, winnersPerRound);
        assertThat(winnersPerRound).hasSize(rounds).containsOnly(1);
    }

    @Test
    void eventsCarryTheObjectsETagAndASequencerThatIncreasesPerBucket() throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName("seq-queue")).queueUrl();
        s3.createBucket(b -> b.bucket("seq-input"));
        List<String> eTags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String content = "version " + i;
            eTags.add(s3.putObject(b -> b.bucket("seq-input").key("same.mp4"), RequestBody.fromString(content)).eTag().replace("\"", ""));
        }

        List<S3Message.ObjectEvent> events = new ArrayList<>();
        S3EventNotifications parser = new S3EventNotifications();
        for (int polls = 0; polls < 10 && events.size() < 3; polls++) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2).maxNumberOfMessages(10)).messages()) {
                events.addAll(((S3Message.ObjectEvents) parser.parse(message.body())).records());
            }
        }

        assertThat(events).hasSize(3);
        List<S3Sequencer> sequencers = events.stream().map(event -> event.sequencer().orElseThrow()).toList();
        assertThat(sequencers).allSatisfy(sequencer -> assertThat(sequencer.hex()).hasSize(16));
        assertThat(events.stream().map(event -> event.eTag().orElseThrow()).toList()).containsExactlyInAnyOrderElementsOf(eTags);
        List<S3Sequencer> byETag = eTags.stream().map(eTag -> events.stream()
                .filter(event -> event.eTag().orElseThrow().equals(eTag)).findFirst().orElseThrow().sequencer().orElseThrow()).toList();
        assertThat(byETag.get(1).isAfter(byETag.get(0))).isTrue();
        assertThat(byETag.get(2).isAfter(byETag.get(1))).isTrue();
    }
}
