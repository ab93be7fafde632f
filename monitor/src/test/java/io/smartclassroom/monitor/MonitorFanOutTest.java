package io.smartclassroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.fanout.FunctionRequest;
import io.smartclassroom.common.fanout.FunctionRequests;
import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.SegmentPlan;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Fan-out against real SQS (ElasticMQ) and a {@link FakeLambda} that answers plan, segment and merge requests as
 * the function does: the segments run concurrently within the in-flight limit, a failed segment is retried, an
 * exhausted or rejected one stops the video without a merge, and the heartbeat holds the message throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorFanOutTest {
    private static final String FUNCTION = "face-recognition-under-test";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));

    private final S3EventNotifications events = new S3EventNotifications();
    private final FunctionRequests requests = new FunctionRequests();
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> perTest = new ArrayList<>();
    private LocalCloud cloud;
    private SqsClient sqs;
    private TestQueues queues;

    @BeforeAll
    void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.SQS));
        sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.of(cloud.region()))
                .credentialsProvider(CREDENTIALS).build();
        queues = new TestQueues(sqs);
    }

    @AfterAll
    void stopCloud() {
        sqs.close();
        cloud.close();
    }

    @AfterEach
    void closePerTest() throws Exception {
        for (int i = perTest.size() - 1; i >= 0; i--) {
            perTest.get(i).close();
        }
        perTest.clear();
    }

    /** Answers as the function would for a video of {@code durationSeconds} cut into {@code segmentSeconds}. */
    private final class ScriptedFunction implements FakeLambda.Behavior {
        final double durationSeconds;
        final double segmentSeconds;
        final long segmentMillis;
        final Map<Integer, AtomicInteger> segmentCalls = new ConcurrentHashMap<>();
        final List<FunctionRequest.Merge> merges = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger wholeVideoCalls = new AtomicInteger();
        /** index → how many first calls fail; Integer.MAX_VALUE: all */
        final Map<Integer, Integer> failures = new HashMap<>();
        final Map<Integer, String> rejections = new HashMap<>();

        ScriptedFunction(double durationSeconds, double segmentSeconds, long segmentMillis) {
            this.durationSeconds = durationSeconds;
            this.segmentSeconds = segmentSeconds;
            this.segmentMillis = segmentMillis;
        }

        @Override
        public FakeLambda.Reply handle(FakeLambda.Invocation invocation) throws InterruptedException {
            FunctionRequest request = requests.parse(invocation.body()).orElse(null);
            if (request == null) {
                wholeVideoCalls.incrementAndGet();
                return new FakeLambda.Reply.Success("{\"videos\":[{\"students\":[\"whole\"]}],\"ignored\":[]}");
            }
            if (request instanceof FunctionRequest.Plan) {
                return new FakeLambda.Reply.Success(requests.write(SegmentPlan.of(durationSeconds, segmentSeconds)));
            }
            if (request instanceof FunctionRequest.Segment segment) {
                int index = segment.segment().index();
                int call = segmentCalls.computeIfAbsent(index, i -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(segmentMillis);
                if (rejections.containsKey(index)) {
                    return new FakeLambda.Reply.FunctionError(VideoRejectedException.ERROR_TYPE, rejections.get(index));
                }
                if (call <= failures.getOrDefault(index, 0)) {
                    return new FakeLambda.Reply.FunctionError("java.lang.IllegalStateException", "S3 read reset");
                }
                String name = "student" + index;
                return new FakeLambda.Reply.Success(requests.write(new PartialAnalysis(segment.segment(),
                        List.of(new PartialAnalysis.Sighting(name, 0, 1, 1, 1, 0.7, null)), 3, 3, 1, 0, 0, 0, false, 5, "",
                        new PartialAnalysis.Stats(3, 3, 3, 1, 1, 1, 1, 1, 1, 5))));
            }
            merges.add((FunctionRequest.Merge) request);
            return new FakeLambda.Reply.Success("{\"videos\":[{\"students\":[\"merged\"]}],\"ignored\":[]}");
        }

        int calls(int index) {
            AtomicInteger calls = segmentCalls.get(index);
            return calls == null ? 0 : calls.get();
        }
    }

    @Test
    void segmentsRunInParallelWithinTheInFlightLimitUnderOneHeartbeatThenOneMergeAndTheMessageIsDeleted()
            throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        ScriptedFunction function = new ScriptedFunction(48, 12, 1_500);
        FakeLambda lambda = fakeLambda(function);
        String body = videoEvent("lectures/monday.mp4");
        queues.send(queue.url(), body);

        long started = System.nanoTime();
        // a 2 s lease: the 4 segments, two at a time, take 3 s, so only the heartbeat keeps the message from coming back
        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.CONCURRENCY, "2", Setting.VISIBILITY_TIMEOUT, "2s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.stats().succeeded() == 1);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(lambda.maxInFlight()).as("segments at once").isEqualTo(2);
        assertThat(took).isGreaterThan(Duration.ofMillis(2 * 1_500));
        List<String> kinds = lambda.bodies().stream().map(this::kind).toList();
        assertThat(kinds).containsExactly("plan", "segment", "segment", "segment", "segment", "merge");
        assertThat(function.merges).singleElement().satisfies(merge -> {
            assertThat(merge.partials()).hasSize(4);
            assertThat(merge.partials().stream().map(p -> p.segment().index())).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(json.readTree(merge.event())).isEqualTo(json.readTree(body));
        });
        assertThat(function.wholeVideoCalls).hasValue(0);
        awaitEmpty(queue.url());
        assertThat(queues.size(queue.deadLetterUrl())).isZero();
    }

    @Test
    void aFailedSegmentIsInvokedAgainAndTheVideoStillCompletes() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        ScriptedFunction function = new ScriptedFunction(36, 12, 10);
        function.failures.put(1, 1);
        FakeLambda lambda = fakeLambda(function);
        queues.send(queue.url(), videoEvent("lectures/tuesday.mp4"));

        try (LogCapture log = new LogCapture(FanOut.class)) {
            Monitor monitor = startMonitor(queue, lambda, Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.stats().succeeded() == 1);

            assertThat(function.calls(0)).isEqualTo(1);
            assertThat(function.calls(1)).isEqualTo(2);
            assertThat(function.calls(2)).isEqualTo(1);
            assertThat(function.merges).singleElement().satisfies(merge -> assertThat(merge.partials()).hasSize(3));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("lectures/tuesday.mp4", "segment 2/3 (12–24 s)", "attempt 1", "S3 read reset", "again in"));
            awaitEmpty(queue.url());
        }
    }

    @Test
    void aSegmentThatKeepsFailingLeavesTheMessageForRedeliveryAndNothingIsMerged() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        ScriptedFunction function = new ScriptedFunction(36, 12, 10);
        function.failures.put(2, Integer.MAX_VALUE);
        FakeLambda lambda = fakeLambda(function);
        queues.send(queue.url(), videoEvent("lectures/wednesday.mp4"));

        try (LogCapture log = new LogCapture(MessageProcessor.class)) {
            // the message's own retry waits 30 s or more: within the test it stays in flight, neither deleted nor dead
            Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.SEGMENT_RETRIES, "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.stats().failed() == 1);

            assertThat(function.calls(2)).isEqualTo(2);
            assertThat(function.merges).isEmpty();
            assertThat(queues.size(queue.url())).as("not deleted").isEqualTo(1);
            assertThat(queues.size(queue.deadLetterUrl())).isZero();
            assertThat(monitor.stats().succeeded()).isZero();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("lectures/wednesday.mp4",
                    "segment 3/3 (24–36 s) failed 2 times", "retry in"));
        }
    }

    @Test
    void aRejectedSegmentSendsTheMessageToTheDeadLetterQueueWithTheFunctionsReasonAndNothingIsMerged()
            throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        ScriptedFunction function = new ScriptedFunction(36, 12, 10);
        String reason = "s3://smart-classroom-input/lectures/thursday.mp4 segment 2/3 (12–24 s) stopped at 20.0 s of "
                + "the video: 9.8 s of the 900.0 s the invocation had were left";
        function.rejections.put(1, "timeout: " + reason);
        FakeLambda lambda = fakeLambda(function);
        String body = videoEvent("lectures/thursday.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of());
        List<Message> deadLettered = queues.drainMessages(queue.deadLetterUrl(), 1, Duration.ofSeconds(20));

        assertThat(deadLettered).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(body);
            Map<String, String> attributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
            assertThat(attributes).containsEntry(DeadLetterAttributes.KIND, "timeout")
                    .containsEntry(DeadLetterAttributes.REASON, reason)
                    .containsEntry(DeadLetterAttributes.ERROR_TYPE, VideoRejectedException.ERROR_TYPE);
        });
        assertThat(function.calls(1)).as("a rejection is not retried").isEqualTo(1);
        assertThat(function.merges).isEmpty();
        awaitEmpty(queue.url());
        assertThat(monitor.stats().deadLettered()).isEqualTo(1);
    }

    @Test
    void aShortVideosPlanIsOneSegmentAndTheMessageBodyIsInvokedAsWithoutFanOut() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        ScriptedFunction function = new ScriptedFunction(2.5, 300, 10);
        FakeLambda lambda = fakeLambda(function);
        String body = videoEvent("classroom/test_00.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.stats().succeeded() == 1);

        assertThat(lambda.bodies()).hasSize(2);
        assertThat(kind(lambda.bodies().get(0))).isEqualTo("plan");
        assertThat(lambda.bodies().get(1)).isEqualTo(body);
        assertThat(function.segmentCalls).isEmpty();
        awaitEmpty(queue.url());
    }

    private String kind(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node.has(FunctionRequests.KIND) ? node.get(FunctionRequests.KIND).asText() : "event";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitEmpty(String queueUrl) {
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.size(queueUrl) == 0);
    }

    private FakeLambda fakeLambda(FakeLambda.Behavior behavior) throws IOException {
        FakeLambda lambda = FakeLambda.start(behavior);
        perTest.add(lambda);
        return lambda;
    }

    private Monitor startMonitor(TestQueues.QueuePair queue, FakeLambda lambda, Map<Setting, String> overrides) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.QUEUE_URL, queue.url());
        settings.put(Setting.FUNCTION_NAME, FUNCTION);
        settings.put(Setting.REGION, cloud.region());
        settings.put(Setting.RECEIVE_WAIT_SECONDS, "1");
        settings.put(Setting.CONCURRENCY, "10");
        settings.put(Setting.FUNCTION_TIMEOUT, "10s");
        settings.put(Setting.FUNCTION_TIMEOUT_MARGIN, "2s");
        settings.put(Setting.SHUTDOWN_DEADLINE, "5s");
        settings.put(Setting.SUMMARY_INTERVAL, "0");
        settings.put(Setting.FAN_OUT, "true");
        settings.putAll(overrides);
        MonitorConfig config = MonitorConfig.resolve(List.of(SettingSource.commandLine(settings)));

        SqsClient monitorSqs = AwsClients.sqs(config, builder -> builder
                .endpointOverride(cloud.sqsEndpoint()).credentialsProvider(CREDENTIALS));
        LambdaClient monitorLambda = AwsClients.lambda(config, builder -> builder
                .endpointOverride(lambda.endpoint()).credentialsProvider(CREDENTIALS));
        Monitor monitor = new Monitor(config, monitorSqs, monitorLambda);
        perTest.add(monitorSqs);
        perTest.add(monitorLambda);
        perTest.add(monitor::stop);
        monitor.start();
        return monitor;
    }

    private String videoEvent(String key) {
        return events.objectCreated("ObjectCreated:Put", new S3ObjectRef("smart-classroom-input", key, 1234),
                "etag", cloud.region(), Instant.parse("2024-05-01T10:00:00Z"));
    }
}
