package io.smartclassroom.monitor;

import static io.smartclassroom.monitor.FakeLambda.sleeping;
import static io.smartclassroom.monitor.FakeLambda.succeeding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The monitor against real SQS (ElasticMQ from local-cloud) and a real LambdaClient talking to
 * {@link FakeLambda}, which stands in for the function.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorTest {
    private static final String FUNCTION = "face-recognition-under-test";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));

    private final S3EventNotifications events = new S3EventNotifications();
    private final List<AutoCloseable> perTest = new ArrayList<>();
    private LocalCloud cloud;
    private SqsClient sqs;
    private TestQueues queues;
    /** The SQS client of the monitor started last, for a test that kills it. */
    private SqsClient lastMonitorSqs;

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

    @Test
    void successDeletesTheMessageAndTheFunctionGetsExactlyTheBody() throws Exception {
        TestQueues.QueuePair queue = queues.create(30, 3);
        FakeLambda lambda = fakeLambda(succeeding("{\"csv\":\"s3://out/test_00.csv\",\"students\":1}"));
        String body = videoEvent("classroom/test 00.mp4");
        queues.send(queue.url(), body);

        try (LogCapture log = new LogCapture(MessageProcessor.class)) {
            Monitor monitor = startMonitor(queue, lambda, Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().succeeded() == 1);

            assertThat(lambda.invocations()).singleElement().satisfies(invocation -> {
                assertThat(invocation.body()).isEqualTo(body);
                assertThat(invocation.functionName()).isEqualTo(FUNCTION);
                assertThat(invocation.invocationType()).isEqualTo("RequestResponse");
            });
            assertThat(queues.size(queue.url())).isZero();
            assertThat(queues.size(queue.deadLetterUrl())).isZero();
            String requestId = lambda.invocations().get(0).requestId();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("classroom/test 00.mp4", requestId, "function succeeded", "deleted"));
            assertThat(monitor.stop()).isTrue();
        }
    }

    @Test
    void functionErrorIsRetriedAfterABackOffAndOnItsLastReceiveMovedToTheDeadLetterQueue() throws Exception {
        int maxReceiveCount = 3;
        TestQueues.QueuePair queue = queues.create(960, maxReceiveCount);
        FakeLambda lambda = fakeLambda(invocation -> new FakeLambda.Reply.FunctionError("VideoProcessingException",
                "cannot decode the video"));
        String body = videoEvent("broken.mp4");
        queues.send(queue.url(), body);

        try (LogCapture log = new LogCapture(MessageProcessor.class)) {
            // back-off base 1 s: receive 1 waits 1 s, receive 2 waits 1-2 s; the queue's own 960 s plays no part
            Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.RETRY_DELAY, "1s"));
            List<Message> deadLettered = queues.drainMessages(queue.deadLetterUrl(), 1, Duration.ofSeconds(20));
            monitor.stop();

            assertThat(deadLettered).singleElement().satisfies(message -> {
                assertThat(message.body()).isEqualTo(body);
                Map<String, String> attributes = stringAttributes(message);
                assertThat(attributes).containsEntry(DeadLetterAttributes.KIND, DeadLetterAttributes.KIND_FUNCTION_ERROR)
                        .containsEntry(DeadLetterAttributes.REASON, "cannot decode the video")
                        .containsEntry(DeadLetterAttributes.ERROR_TYPE, "VideoProcessingException")
                        .containsEntry(DeadLetterAttributes.SOURCE_QUEUE, queue.url())
                        .containsEntry(DeadLetterAttributes.RECEIVE_COUNT, "3")
                        .containsEntry(DeadLetterAttributes.REQUEST_ID, lambda.invocations().get(2).requestId());
                assertThat(Instant.parse(attributes.get(DeadLetterAttributes.FAILED_AT)))
                        .isAfter(Instant.now().minusSeconds(60));
            });
            List<FakeLambda.Invocation> invocations = lambda.invocations();
            assertThat(invocations).hasSize(maxReceiveCount).extracting(FakeLambda.Invocation::body).containsOnly(body);
            // redelivered after the back-off, not at once (generous bound: the delays are 1 s and 1-2 s)
            for (int i = 1; i < invocations.size(); i++) {
                assertThat(Duration.ofNanos(invocations.get(i).atNanos() - invocations.get(i - 1).atNanos()))
                        .isGreaterThan(Duration.ofMillis(500));
            }
            awaitEmpty(queue.url());
            assertThat(monitor.stats().failed()).isEqualTo(maxReceiveCount);
            assertThat(monitor.stats().deadLettered()).isEqualTo(1);
            assertThat(monitor.stats().succeeded()).isZero();
            // one line per failed attempt with the receive count, the key, the request id and the error
            for (int receive = 1; receive <= maxReceiveCount; receive++) {
                String requestId = invocations.get(receive - 1).requestId();
                String receives = "receive " + receive + "/" + maxReceiveCount;
                assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("broken.mp4", receives,
                        requestId, "function failed", "VideoProcessingException: cannot decode the video"));
            }
        }
    }

    @Test
    void rejectedVideoGoesToTheDeadLetterQueueAtOnceWithTheReason() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 3);
        FakeLambda lambda = fakeLambda(invocation -> new FakeLambda.Reply.FunctionError(
                VideoRejectedException.ERROR_TYPE, "undecodable: s3://smart-classroom-input/text.mp4 is not a video"));
        String body = videoEvent("text.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of());
        List<Message> deadLettered = queues.drainMessages(queue.deadLetterUrl(), 1, Duration.ofSeconds(5));
        monitor.stop();

        assertThat(deadLettered).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(body);
            assertThat(stringAttributes(message))
                    .containsEntry(DeadLetterAttributes.KIND, "undecodable")
                    .containsEntry(DeadLetterAttributes.REASON, "s3://smart-classroom-input/text.mp4 is not a video")
                    .containsEntry(DeadLetterAttributes.ERROR_TYPE, VideoRejectedException.ERROR_TYPE)
                    .containsEntry(DeadLetterAttributes.RECEIVE_COUNT, "1")
                    .containsEntry(DeadLetterAttributes.REQUEST_ID, lambda.invocations().get(0).requestId());
        });
        assertThat(lambda.invocations()).hasSize(1);
        awaitEmpty(queue.url());
        assertThat(monitor.stats().deadLettered()).isEqualTo(1);
    }

    @Test
    void testEventIsDeletedAndBodiesThatAreNotS3EventsEndInTheDeadLetterQueue() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 2);
        FakeLambda lambda = fakeLambda(succeeding("{}"));
        String testEvent = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\","
                + "\"Time\":\"2024-01-01T00:00:00.000Z\","
                + "\"Bucket\":\"smart-classroom-input\",\"RequestId\":\"R1\",\"HostId\":\"H1\"}";
        String notJson = "this is not json";
        String notAnEvent = "{\"hello\":\"world\"}";
        queues.send(queue.url(), testEvent);
        queues.send(queue.url(), notJson);
        queues.send(queue.url(), notAnEvent);

        try (LogCapture log = new LogCapture(MessageProcessor.class)) {
            Monitor monitor = startMonitor(queue, lambda, Map.of());
            List<Message> deadLettered = queues.drainMessages(queue.deadLetterUrl(), 2, Duration.ofSeconds(5));
            monitor.stop();

            assertThat(deadLettered).extracting(Message::body).containsExactlyInAnyOrder(notJson, notAnEvent);
            assertThat(deadLettered).allSatisfy(message -> assertThat(stringAttributes(message))
                    .containsEntry(DeadLetterAttributes.KIND, DeadLetterAttributes.KIND_NOT_AN_S3_EVENT)
                    .containsEntry(DeadLetterAttributes.RECEIVE_COUNT, "1")
                    .hasEntrySatisfying(DeadLetterAttributes.REASON,
                            reason -> assertThat(reason).startsWith("not an S3 event notification: ")));
            assertThat(lambda.invocations()).isEmpty();
            awaitEmpty(queue.url());
            assertThat(monitor.stats().testEvents()).isEqualTo(1);
            assertThat(monitor.stats().notS3Events()).isEqualTo(2); // moved at their first receive
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("s3:TestEvent", "deleted"));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("not an S3 event notification", "body is not JSON"));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("not an S3 event notification", "no \"Records\" array"));
        }
    }

    @Test
    void neverMoreThanConcurrencyInvocationsOrReceivedMessagesAtOnce() throws Exception {
        int concurrency = 3;
        int messages = 14;
        TestQueues.QueuePair queue = queues.create(30, 3);
        FakeLambda lambda = fakeLambda(sleeping(300, succeeding("{}")));
        List<String> bodies = IntStream.range(0, messages).mapToObj(i -> videoEvent("video-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.CONCURRENCY, Integer.toString(concurrency)));
        AtomicInteger maxNotVisible = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxNotVisible.accumulateAndGet(queues.notVisible(queue.url()), Math::max);
            }
        });
        sampler.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.stats().succeeded() == messages);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        monitor.stop();

        assertThat(lambda.maxInFlight()).isEqualTo(concurrency);
        assertThat(maxNotVisible.get()).isBetween(1, concurrency);
        assertThat(lambda.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void heartbeatKeepsAMessageSlowerThanItsVisibilityTimeoutFromBeingDeliveredAgain() throws Exception {
        TestQueues.QueuePair queue = queues.create(1, 5);
        FakeLambda lambda = fakeLambda(sleeping(2_500, succeeding("{}")));
        String body = videoEvent("long-lecture.mp4");
        queues.send(queue.url(), body);

        // a 1 s lease, renewed every 333 ms
        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.VISIBILITY_TIMEOUT, "1s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().succeeded() == 1);
        Thread.sleep(1_200); // a redelivery would come within a visibility timeout
        monitor.stop();

        assertThat(lambda.bodies()).containsExactly(body);
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void withoutHeartbeatTheSameSlowMessageIsDeliveredAgain() throws Exception {
        // the control for the heartbeat test: it would catch a heartbeat that does nothing
        TestQueues.QueuePair queue = queues.create(1, 5);
        FakeLambda lambda = fakeLambda(sleeping(3_000, succeeding("{}")));
        String body = videoEvent("long-lecture.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.VISIBILITY_TIMEOUT, "1s",
                Setting.HEARTBEAT_INTERVAL, "0", Setting.SHUTDOWN_DEADLINE, "0s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lambda.invocations().size() >= 2);
        monitor.stop();

        assertThat(lambda.bodies()).hasSizeGreaterThanOrEqualTo(2).containsOnly(body);
    }

    @Test
    void configuredVisibilityTimeoutAppliesFromTheReceive() throws Exception {
        TestQueues.QueuePair queue = queues.create(1, 5);
        FakeLambda lambda = fakeLambda(sleeping(2_000, succeeding("{}")));
        String body = videoEvent("lecture.mp4");
        queues.send(queue.url(), body);

        // no heartbeat: only the 4 s visibility asked for at receive keeps the message from coming back after 1 s
        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.VISIBILITY_TIMEOUT, "4s",
                Setting.HEARTBEAT_INTERVAL, "0"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> monitor.stats().succeeded() + monitor.stats().failed() >= 1);
        monitor.stop();

        assertThat(lambda.bodies()).containsExactly(body);
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    @Timeout(30)
    void stopLetsInFlightMessagesFinishAndLeavesTheRestInTheQueue() throws Exception {
        int concurrency = 4;
        TestQueues.QueuePair queue = queues.create(30, 3);
        FakeLambda lambda = fakeLambda(sleeping(1_000, succeeding("{}")));
        List<String> bodies = IntStream.range(0, 10).mapToObj(i -> videoEvent("stop-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.CONCURRENCY, Integer.toString(concurrency),
                Setting.SHUTDOWN_DEADLINE, "10s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lambda.inFlight() == concurrency);
        long started = System.nanoTime();
        // SIGTERM handler and shutdown hook may both stop the monitor: either call waits for the same outcome
        CompletableFuture<Boolean> concurrentStop = CompletableFuture.supplyAsync(monitor::stop);
        boolean drained = monitor.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(drained).isTrue();
        assertThat(concurrentStop.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(monitor.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(lambda.invocations()).hasSize(concurrency);
        assertThat(lambda.completed()).isEqualTo(concurrency);
        assertThat(monitor.stats().succeeded()).isEqualTo(concurrency);
        // nothing lost: the rest are still in the queue, visible, and nothing was done twice
        List<String> left = queues.drain(queue.url(), bodies.size() - concurrency, Duration.ofSeconds(5));
        assertThat(left).hasSize(bodies.size() - concurrency).doesNotContainAnyElementsOf(lambda.bodies());
        List<String> all = new ArrayList<>(left);
        all.addAll(lambda.bodies());
        assertThat(all).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(new HashSet<>(all)).hasSize(bodies.size());
    }

    @Test
    void stopWhoseDeadlinePassesHandsTheRunningMessagesBackAtOnce() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 5);
        FakeLambda lambda = fakeLambda(sleeping(3_000, succeeding("{}")));
        List<String> bodies = List.of(videoEvent("slow-a.mp4"), videoEvent("slow-b.mp4"));
        bodies.forEach(body -> queues.send(queue.url(), body));

        try (LogCapture log = new LogCapture(Monitor.class)) {
            Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.CONCURRENCY, "2",
                    Setting.SHUTDOWN_DEADLINE, "500ms"));
            await().atMost(Duration.ofSeconds(10)).until(() -> lambda.inFlight() == 2);
            long started = System.nanoTime();
            boolean drained = monitor.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(drained).isFalse();
            assertThat(monitor.drained()).isFalse();
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(4));
            // visible again at once (not after the 30 s lease, nor the queue's 960 s), while the function still runs
            List<String> left = queues.drain(queue.url(), bodies.size(), Duration.ofSeconds(2));
            assertThat(left).containsExactlyInAnyOrderElementsOf(bodies);
            assertThat(monitor.stats().returned()).isEqualTo(2);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("handed back 2 messages"));
            // once the function finishes, nothing is acknowledged: the monitor had given the messages up
            await().atMost(Duration.ofSeconds(10)).until(() -> lambda.completed() == 2);
            assertThat(monitor.stats().succeeded()).isZero();
        }
    }

    @Test
    void stopHandsBackHeldMessagesThatAreNotRunningAtOnce() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 5);
        FakeLambda lambda = fakeLambda(succeeding("{}"));
        lambda.suspend(); // the function is down: the messages are held, waiting for it
        List<String> bodies = IntStream.range(0, 3).mapToObj(i -> videoEvent("held-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.SHUTDOWN_DEADLINE, "30s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().inFlight() == 3
                && monitor.stats().unavailable() >= 3);
        long started = System.nanoTime();
        assertThat(monitor.stop()).isTrue(); // nothing was running: none was cut off
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(5)); // not the 30 s deadline
        assertThat(queues.drain(queue.url(), 3, Duration.ofSeconds(2))).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(monitor.stats().returned()).isEqualTo(3);
        assertThat(monitor.stats().failed()).isZero();
        assertThat(queues.size(queue.deadLetterUrl())).isZero();
    }

    @Test
    void aKilledMonitorsMessagesComeBackAfterItsShortLeaseNotTheQueuesTimeout() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 5);
        FakeLambda lambda = fakeLambda(sleeping(60_000, succeeding("{}")));
        List<String> bodies = IntStream.range(0, 3).mapToObj(i -> videoEvent("orphan-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.VISIBILITY_TIMEOUT, "2s",
                Setting.SHUTDOWN_DEADLINE, "0s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lambda.inFlight() == 3);
        Thread.sleep(2_500); // the heartbeat holds them past one lease while the monitor lives
        assertThat(queues.drain(queue.url(), 0, Duration.ZERO)).isEmpty();
        // kill -9: the monitor can no longer talk to SQS; no hand-back, no more heartbeats
        lastMonitorSqs.close();
        long killed = System.nanoTime();
        List<String> back = queues.drain(queue.url(), 3, Duration.ofSeconds(15));
        Duration after = Duration.ofNanos(System.nanoTime() - killed);

        assertThat(back).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(after).isLessThan(Duration.ofSeconds(10)); // about one 2 s lease, not 960 s
        assertThat(monitor.stats().returned()).isZero();
    }

    @Test
    void anOutageOfTheFunctionSendsNoVideoToTheDeadLetterQueueAndBurnsNoReceives() throws Exception {
        int messages = 6;
        TestQueues.QueuePair queue = queues.create(960, 2);
        FakeLambda lambda = fakeLambda(succeeding("{}"));
        lambda.suspend(); // connection refused
        List<String> bodies = IntStream.range(0, messages).mapToObj(i -> videoEvent("outage-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        try (LogCapture log = new LogCapture(CircuitBreaker.class)) {
            Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.VISIBILITY_TIMEOUT, "2s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().unavailable() >= messages);
            Thread.sleep(5_000); // longer than two leases: the heartbeats keep the held messages invisible
            assertThat(queues.drain(queue.url(), 0, Duration.ZERO)).isEmpty();
            lambda.resume();
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.stats().succeeded() == messages);
            monitor.stop();

            assertThat(queues.size(queue.deadLetterUrl())).isZero();
            assertThat(queues.size(queue.url())).isZero();
            assertThat(monitor.stats().received()).isEqualTo(messages); // each received once: no receive burnt
            assertThat(monitor.stats().failed()).isZero();
            assertThat(lambda.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
            // the state changes are logged once each, not per attempt
            assertThat(log.lines()).filteredOn(line -> line.startsWith("circuit open")).hasSize(1);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("circuit closed")).hasSize(1);
        }
    }

    @Test
    void lambdaServiceErrorIsAnOutageNotTheVideosFailure() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 2);
        AtomicInteger calls = new AtomicInteger();
        FakeLambda lambda = fakeLambda(invocation -> calls.incrementAndGet() <= 3
                ? new FakeLambda.Reply.ServiceError(500, "ServiceException", "internal failure")
                : new FakeLambda.Reply.Success("{}"));
        String body = videoEvent("service-error.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.stats().succeeded() == 1);
        monitor.stop();

        // invoke.attempts defaults to 1: one call per try, no SDK retries on top; re-invoked as the probe
        assertThat(lambda.invocations()).hasSize(4);
        assertThat(monitor.stats().unavailable()).isEqualTo(3);
        assertThat(monitor.stats().failed()).isZero();
        assertThat(monitor.stats().received()).isEqualTo(1);
        assertThat(queues.size(queue.deadLetterUrl())).isZero();
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void throttlesAreNoFailureAndTheInFlightLimitAdaptsToWhatTheFunctionAccepts() throws Exception {
        int concurrency = 8;
        int messages = 16;
        int functionCapacity = 2;
        TestQueues.QueuePair queue = queues.create(960, 2);
        AtomicInteger busy = new AtomicInteger();
        FakeLambda lambda = fakeLambda(invocation -> {
            if (busy.incrementAndGet() > functionCapacity) {
                busy.decrementAndGet();
                return new FakeLambda.Reply.Throttle();
            }
            try {
                Thread.sleep(300);
                return new FakeLambda.Reply.Success("{}");
            } finally {
                busy.decrementAndGet();
            }
        });
        List<String> bodies = IntStream.range(0, messages).mapToObj(i -> videoEvent("busy-" + i + ".mp4")).toList();
        bodies.forEach(body -> queues.send(queue.url(), body));

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.CONCURRENCY, Integer.toString(concurrency)));
        AtomicInteger lowestLimit = new AtomicInteger(concurrency);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            lowestLimit.accumulateAndGet(monitor.stats().inFlightLimit(), Math::min);
            return monitor.stats().succeeded() == messages;
        });
        monitor.stop();

        assertThat(monitor.stats().throttled()).isPositive();
        assertThat(lowestLimit.get()).isLessThan(concurrency);
        assertThat(monitor.stats().failed()).isZero();
        assertThat(monitor.stats().received()).isEqualTo(messages); // a throttled message is held, not re-received
        assertThat(queues.size(queue.deadLetterUrl())).isZero();
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void invokeSlowerThanFunctionTimeoutPlusMarginIsHeldAndInvokedAgain() throws Exception {
        TestQueues.QueuePair queue = queues.create(960, 5);
        AtomicInteger calls = new AtomicInteger();
        FakeLambda lambda = fakeLambda(invocation -> {
            if (calls.incrementAndGet() == 1) {
                Thread.sleep(4_000); // longer than function timeout 1s + margin 500ms
            }
            return new FakeLambda.Reply.Success("{}");
        });
        String body = videoEvent("hangs-once.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.FUNCTION_TIMEOUT, "1s",
                Setting.FUNCTION_TIMEOUT_MARGIN, "500ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().succeeded() == 1);
        monitor.stop();

        assertThat(lambda.bodies()).containsExactly(body, body);
        assertThat(monitor.stats().unavailable()).isEqualTo(1);
        assertThat(monitor.stats().failed()).isZero();
        assertThat(monitor.stats().received()).isEqualTo(1);
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void eventInvocationDeletesOnceTheInvocationIsAccepted() throws Exception {
        TestQueues.QueuePair queue = queues.create(30, 3);
        FakeLambda lambda = fakeLambda(succeeding(""));
        String body = videoEvent("async.mp4");
        queues.send(queue.url(), body);

        Monitor monitor = startMonitor(queue, lambda, Map.of(Setting.INVOCATION_TYPE, "Event"));
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.stats().succeeded() == 1);
        monitor.stop();

        assertThat(lambda.invocations()).singleElement().satisfies(invocation -> {
            assertThat(invocation.invocationType()).isEqualTo("Event");
            assertThat(invocation.body()).isEqualTo(body);
        });
        assertThat(queues.size(queue.url())).isZero();
    }

    @Test
    void startFailsWithAOneLineReasonWhenTheQueueDoesNotExist() throws Exception {
        FakeLambda lambda = fakeLambda(succeeding("{}"));
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.QUEUE_NAME, "no-such-queue");
        settings.put(Setting.REGION, cloud.region());
        MonitorConfig config = MonitorConfig.resolve(List.of(SettingSource.commandLine(settings)));
        try (SqsClient monitorSqs = AwsClients.sqs(config, builder -> builder
                        .endpointOverride(cloud.sqsEndpoint()).credentialsProvider(CREDENTIALS));
                LambdaClient monitorLambda = AwsClients.lambda(config, builder -> builder
                        .endpointOverride(lambda.endpoint()).credentialsProvider(CREDENTIALS))) {
            Monitor monitor = new Monitor(config, monitorSqs, monitorLambda);

            assertThatThrownBy(monitor::start)
                    .isInstanceOf(MonitorStartException.class)
                    .hasMessageStartingWith("cannot find queue 'no-such-queue': ")
                    .hasMessageNotContaining("\n");
            assertThat(monitor.stop()).isTrue();
            assertThat(monitor.awaitTermination(Duration.ZERO)).isTrue();
        }
    }

    /** The move to the DLQ (copy there, then delete here) completes just after the copy shows up. */
    private void awaitEmpty(String queueUrl) {
        await().atMost(Duration.ofSeconds(5)).until(() -> queues.size(queueUrl) == 0);
    }

    private FakeLambda fakeLambda(FakeLambda.Behavior behavior) throws IOException {
        FakeLambda lambda = FakeLambda.start(behavior);
        perTest.add(lambda);
        return lambda;
    }

    /** Starts a monitor on {@code queue} with fast test settings plus {@code overrides}; stopped after the test. */
    private Monitor startMonitor(TestQueues.QueuePair queue, FakeLambda lambda, Map<Setting, String> overrides) {
        // the queues' own visibility timeouts are long (960 s like production's): only the monitor's lease counts
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.QUEUE_URL, queue.url());
        settings.put(Setting.FUNCTION_NAME, FUNCTION);
        settings.put(Setting.REGION, cloud.region());
        settings.put(Setting.RECEIVE_WAIT_SECONDS, "1");
        settings.put(Setting.CONCURRENCY, "10");
        settings.put(Setting.FUNCTION_TIMEOUT, "10s");
        settings.put(Setting.FUNCTION_TIMEOUT_MARGIN, "2s");
        settings.put(Setting.SHUTDOWN_DEADLINE, "5s");
        settings.put(Setting.SUMMARY_INTERVAL, "1s");
        settings.putAll(overrides);
        MonitorConfig config = MonitorConfig.resolve(List.of(SettingSource.commandLine(settings)));

        SqsClient monitorSqs = AwsClients.sqs(config, builder -> builder
                .endpointOverride(cloud.sqsEndpoint()).credentialsProvider(CREDENTIALS));
        LambdaClient monitorLambda = AwsClients.lambda(config, builder -> builder
                .endpointOverride(lambda.endpoint()).credentialsProvider(CREDENTIALS));
        Monitor monitor = new Monitor(config, monitorSqs, monitorLambda);
        // closed in reverse: the monitor stops before its clients close
        perTest.add(monitorSqs);
        perTest.add(monitorLambda);
        perTest.add(monitor::stop);
        lastMonitorSqs = monitorSqs;
        monitor.start();
        return monitor;
    }

    private static Map<String, String> stringAttributes(Message message) {
        Map<String, String> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
        return attributes;
    }

    private String videoEvent(String key) {
        return events.objectCreated("ObjectCreated:Put", new S3ObjectRef("smart-classroom-input", key, 1234),
                "etag", cloud.region(), Instant.parse("2024-05-01T10:00:00Z"));
    }
}
