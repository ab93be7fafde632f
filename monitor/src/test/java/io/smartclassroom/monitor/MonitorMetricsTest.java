package io.smartclassroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The monitor's metrics: what goes to CloudWatch and to the log, how often, and from which counts. */
class MonitorMetricsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final MonitorMetrics SAMPLE = new MonitorMetrics("smart-classroom-requests", T0, 5, 3, 2, 1, 4,
            OptionalLong.of(7));

    /** A CloudWatch client that keeps each PutMetricData request (the SDK's own request object). */
    private static final class CapturingCloudWatch implements CloudWatchClient {
        final List<PutMetricDataRequest> requests = new ArrayList<>();

        @Override
        public PutMetricDataResponse putMetricData(PutMetricDataRequest request) {
            requests.add(request);
            return PutMetricDataResponse.builder().build();
        }

        @Override
        public CloudWatchServiceClientConfiguration serviceClientConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String serviceName() {
            return "monitoring";
        }

        @Override
        public void close() {}
    }

    private static MetricDatum datum(String name, double value) {
        return MetricDatum.builder()
                .metricName(name)
                .dimensions(Dimension.builder().name("QueueName").value("smart-classroom-requests").build())
                .timestamp(T0)
                .unit(StandardUnit.COUNT)
                .value(value)
                .build();
    }

    @Test
    void cloudWatchGetsOneRequestInTheNamespaceWithEveryCounterTheDepthAndTheHeartbeat() {
        CapturingCloudWatch cloudWatch = new CapturingCloudWatch();

        new CloudWatchMetricsPublisher(cloudWatch).publish(SAMPLE);

        assertThat(cloudWatch.requests).containsExactly(PutMetricDataRequest.builder()
                .namespace("SmartClassroom")
                .metricData(
                        datum("MessagesReceived", 5),
                        datum("MessagesSucceeded", 3),
                        datum("MessagesFailed", 2),
                        datum("MessagesRedelivered", 1),
                        datum("MessagesInFlight", 4),
                        datum("DeadLetterQueueDepth", 7),
                        datum("MonitorHeartbeat", 1))
                .build());
    }

    @Test
    void anUnknownDeadLetterDepthIsLeftOutRatherThanSentAsZero() {
        PutMetricDataRequest request = CloudWatchMetricsPublisher.request(new MonitorMetrics("q", T0, 0, 0, 0, 0, 0,
                OptionalLong.empty()));

        assertThat(request.metricData()).extracting(MetricDatum::metricName).containsExactly("MessagesReceived",
                "MessagesSucceeded", "MessagesFailed", "MessagesRedelivered", "MessagesInFlight", "MonitorHeartbeat");
    }

    @Test
    void theLogPublisherWritesOneLine() {
        try (LogCapture log = new LogCapture(LogMetricsPublisher.class)) {
            new LogMetricsPublisher().publish(SAMPLE);

            assertThat(log.lines()).containsExactly("metrics: queue=smart-classroom-requests received=5 succeeded=3"
                    + " failed=2 redelivered=1 in-flight=4 dead-letter-depth=7 heartbeat=1");
        }
    }

    @Test
    void theSinkIsCloudWatchOnAwsAndTheLogOnTheLocalCloudUnlessSaid() {
        assertThat(MetricsSettings.resolve(List.of(), Map.of()))
                .isEqualTo(new MetricsSettings(MetricsSettings.Sink.CLOUDWATCH, Duration.ofSeconds(60)));
        assertThat(MetricsSettings.resolve(List.of(), Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324")).sink())
                .isEqualTo(MetricsSettings.Sink.LOG);
        assertThat(MetricsSettings.resolve(List.of(), Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).sink())
                .isEqualTo(MetricsSettings.Sink.LOG);
        Map<String, String> environment = Map.of("MONITOR_METRICS", "OFF", "MONITOR_METRICS_INTERVAL", "5m",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324");
        assertThat(MetricsSettings.resolve(List.of(SettingSource.environment(environment)), environment))
                .isEqualTo(new MetricsSettings(MetricsSettings.Sink.OFF, Duration.ofMinutes(5)));
        Map<Setting, String> options = new EnumMap<>(Setting.class);
        options.put(Setting.METRICS, "cloudwatch");
        assertThat(MetricsSettings.resolve(List.of(SettingSource.commandLine(options),
                SettingSource.environment(environment)), environment).sink()).isEqualTo(MetricsSettings.Sink.CLOUDWATCH);
    }

    @Test
    void badMetricsSettingsNameWhereTheyCameFrom() {
        Map<String, String> environment = Map.of("MONITOR_METRICS", "statsd");
        assertThatThrownBy(() -> MetricsSettings.resolve(List.of(SettingSource.environment(environment)), environment))
                .hasMessage("invalid metrics 'statsd' (from environment variable MONITOR_METRICS): must be cloudwatch,"
                        + " log or off");
        Map<String, String> slow = Map.of("MONITOR_METRICS_INTERVAL", "10m");
        assertThatThrownBy(() -> MetricsSettings.resolve(List.of(SettingSource.environment(slow)), slow))
                .hasMessageStartingWith("invalid metrics.interval '10m' (from environment variable MONITOR_METRICS_INTERVAL):"
                        + " must be 1s-5m");
    }

    @Test
    void eachPublicationCarriesTheCountsSinceTheLastOneThatWentThrough() {
        MonitorCounters counters = new MonitorCounters();
        List<MonitorMetrics> published = new ArrayList<>();
        boolean[] failNext = {false};
        MetricsReporter reporter = new MetricsReporter(metrics -> {
            if (failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("CloudWatch is away");
            }
            published.add(metrics);
        }, counters, "q", () -> OptionalLong.of(2), Clock.fixed(T0, ZoneOffset.UTC));

        counters.received.addAndGet(4);
        counters.succeeded.addAndGet(3);
        counters.redelivered.incrementAndGet();
        counters.inFlight.set(1);
        reporter.report();
        counters.received.addAndGet(2);
        counters.failed.incrementAndGet();
        failNext[0] = true;
        reporter.report();
        counters.received.incrementAndGet();
        reporter.report();

        assertThat(published).containsExactly(
                new MonitorMetrics("q", T0, 4, 3, 0, 1, 1, OptionalLong.of(2)),
                new MonitorMetrics("q", T0, 3, 0, 1, 0, 1, OptionalLong.of(2)));
        assertThat(MetricsReporter.queueName("http://127.0.0.1:9324/000000000000/requests-1")).isEqualTo("requests-1");
    }

    @Test
    void aRunningMonitorPublishesItsHeartbeatRetriesAndTheDeadLetterDepth() throws Exception {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
        List<MonitorMetrics> published = new CopyOnWriteArrayList<>();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.SQS));
                SqsClient sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.of(cloud.region()))
                        .credentialsProvider(credentials).build();
                FakeLambda lambda = FakeLambda.start(invocation -> new FakeLambda.Reply.FunctionError(
                        "VideoProcessingException", "cannot decode the video"))) {
            TestQueues.QueuePair queue = new TestQueues(sqs).create(960, 2);
            sqs.sendMessage(request -> request.queueUrl(queue.url()).messageBody(new S3EventNotifications().objectCreated(
                    "ObjectCreated:Put", new S3ObjectRef("smart-classroom-input", "broken.mp4", 10), "etag",
                    cloud.region(), T0)));
            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            settings.put(Setting.QUEUE_URL, queue.url());
            settings.put(Setting.FUNCTION_NAME, "fn");
            settings.put(Setting.REGION, cloud.region());
            settings.put(Setting.RECEIVE_WAIT_SECONDS, "1");
            settings.put(Setting.RETRY_DELAY, "1s");
            settings.put(Setting.FUNCTION_TIMEOUT, "10s");
            settings.put(Setting.SHUTDOWN_DEADLINE, "5s");
            MonitorConfig config = MonitorConfig.resolve(List.of(SettingSource.commandLine(settings)));
            try (SqsClient monitorSqs = AwsClients.sqs(config, builder -> builder
                            .endpointOverride(cloud.sqsEndpoint()).credentialsProvider(credentials));
                    LambdaClient monitorLambda = AwsClients.lambda(config, builder -> builder
                            .endpointOverride(lambda.endpoint()).credentialsProvider(credentials))) {
                Monitor monitor = new Monitor(config, monitorSqs, monitorLambda, Optional.of(published::add),
                        Duration.ofSeconds(1));
                monitor.start();
                try {
                    // the first publication comes at start, before any message
                    await().atMost(Duration.ofSeconds(5)).until(() -> !published.isEmpty());
                    assertThat(published.get(0).received()).isZero();
                    assertThat(published.get(0).deadLetterDepth()).hasValue(0);
                    // two receives (the second a redelivery), two function errors, then the dead-letter queue
                    await().atMost(Duration.ofSeconds(20)).until(() -> published.get(published.size() - 1)
                            .deadLetterDepth().equals(OptionalLong.of(1)));
                } finally {
                    monitor.stop();
                }
            }
        }
        String queueName = published.get(0).queueName();
        assertThat(queueName).startsWith("requests-");
        assertThat(published).allSatisfy(metrics -> assertThat(metrics.queueName()).isEqualTo(queueName));
        assertThat(published.stream().mapToLong(MonitorMetrics::received).sum()).isEqualTo(2);
        assertThat(published.stream().mapToLong(MonitorMetrics::failed).sum()).isEqualTo(2);
        assertThat(published.stream().mapToLong(MonitorMetrics::redelivered).sum()).isEqualTo(1);
        assertThat(published.stream().mapToLong(MonitorMetrics::succeeded).sum()).isZero();
    }
}
