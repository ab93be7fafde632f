package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.cli.CliErrors;
import io.smartclassroom.common.cli.ExitCodes;
import io.smartclassroom.common.cli.JarVersion;
import io.smartclassroom.common.cli.OneLineErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code java -jar monitor.jar}: runs the monitor until SIGTERM/SIGINT, then drains and exits 0, or exits 3 when
 * the shutdown deadline passed and unfinished messages were handed back to the queue.
 * Settings come from options, then environment variables, then the properties file, then defaults.
 */
@Command(
        name = "monitor",
        versionProvider = JarVersion.class,
        description = {
                "Long-polls the request queue (SQS) and invokes the face-recognition function (Lambda) for each "
                        + "S3 event, deleting a message only after the function succeeded.",
                "Endpoints come from the AWS SDK: AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_LAMBDA (or AWS_ENDPOINT_URL); "
                        + "credentials from its default chain.",
                "Durations: 500ms, 30s, 15m, 2h, PT15M or a plain number of seconds.",
                "Exit codes: 0 stopped and drained; 2 could not start (usage, a bad setting, no credentials, an"
                        + " unreachable endpoint, no such queue); 3 stopped, but the shutdown deadline passed and"
                        + " unfinished messages were handed back."},
        sortOptions = false)
public final class MonitorCli implements Callable<Integer> {
    /** Could not start: a bad setting, no credentials, an unreachable endpoint, no such queue. */
    static final int EXIT_FAILURE = ExitCodes.CANNOT_RUN;
    static final int EXIT_USAGE = ExitCodes.CANNOT_RUN;
    /** Stopped, but the shutdown deadline passed and running messages were handed back to the queue. */
    static final int EXIT_HANDED_BACK = 3;

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file with settings (default: $MONITOR_CONFIG, if set)")
    private Path configFile;

    @Option(names = "--queue-url", paramLabel = "URL", description = "queue URL [MONITOR_QUEUE_URL, queue.url]")
    private String queueUrl;

    @Option(names = "--queue", paramLabel = "NAME",
            description = "queue name, resolved with GetQueueUrl [MONITOR_QUEUE_NAME, queue.name; "
                    + "default smart-classroom-requests]")
    private String queueName;

    @Option(names = "--function", paramLabel = "NAME",
            description = "function name or ARN [MONITOR_FUNCTION_NAME, function.name; "
                    + "default smart-classroom-face-recognition]")
    private String functionName;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "messages in flight at most [MONITOR_CONCURRENCY, concurrency; default 100]")
    private String concurrency;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region [AWS_REGION, region; default: the SDK's chain]")
    private String region;

    @Option(names = "--invocation-type", paramLabel = "TYPE",
            description = "RequestResponse or Event [MONITOR_INVOCATION_TYPE, invocation.type; "
                    + "default RequestResponse]")
    private String invocationType;

    @Option(names = "--wait-time", paramLabel = "SECONDS",
            description = "long-poll wait, 0-20 [MONITOR_RECEIVE_WAIT_SECONDS, receive.wait.seconds; default 20]")
    private String receiveWaitSeconds;

    @Option(names = "--max-messages", paramLabel = "N",
            description = "messages per receive, 1-10 [MONITOR_RECEIVE_MAX_MESSAGES, receive.max.messages; "
                    + "default 10]")
    private String receiveMaxMessages;

    @Option(names = "--visibility-timeout", paramLabel = "DURATION",
            description = "lease: visibility asked for at receive, renewed by the heartbeat "
                    + "[MONITOR_VISIBILITY_TIMEOUT, visibility.timeout; default 30s]")
    private String visibilityTimeout;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION",
            description = "visibility extension interval, 0 = never [MONITOR_HEARTBEAT_INTERVAL, "
                    + "heartbeat.interval; default visibility timeout / 3]")
    private String heartbeatInterval;

    @Option(names = "--retry-delay", paramLabel = "DURATION",
            description = "back-off base after a function error: min(max, base x 2^(receives-1)), jittered "
                    + "[MONITOR_RETRY_DELAY, retry.delay; default 30s]")
    private String retryDelay;

    @Option(names = "--retry-max-delay", paramLabel = "DURATION",
            description = "back-off cap [MONITOR_RETRY_MAX_DELAY, retry.max.delay; default 15m]")
    private String retryMaxDelay;

    @Option(names = "--function-timeout", paramLabel = "DURATION",
            description = "the function's timeout [MONITOR_FUNCTION_TIMEOUT, function.timeout; default 15m]")
    private String functionTimeout;

    @Option(names = "--function-timeout-margin", paramLabel = "DURATION",
            description = "added to it for the Invoke timeout [MONITOR_FUNCTION_TIMEOUT_MARGIN, "
                    + "function.timeout.margin; default 30s]")
    private String functionTimeoutMargin;

    @Option(names = "--invoke-attempts", paramLabel = "N",
            description = "SDK attempts per Invoke [MONITOR_INVOKE_ATTEMPTS, invoke.attempts; default 1]")
    private String invokeAttempts;

    @Option(names = "--shutdown-deadline", paramLabel = "DURATION",
            description = "time in-flight messages get on SIGTERM [MONITOR_SHUTDOWN_DEADLINE, "
                    + "shutdown.deadline; default 120s]")
    private String shutdownDeadline;

    @Option(names = "--summary-interval", paramLabel = "DURATION",
            description = "summary log line interval, 0 = never [MONITOR_SUMMARY_INTERVAL, summary.interval; "
                    + "default 60s]")
    private String summaryInterval;

    @Option(names = "--fan-out", paramLabel = "BOOLEAN",
            description = "fan long videos out: plan, segments in parallel, merge [MONITOR_FAN_OUT, fan.out; default false]")
    private String fanOut;

    @Option(names = "--segment-retries", paramLabel = "N",
            description = "invocations again of a failed segment, 0-10 [MONITOR_SEGMENT_RETRIES, segment.retries; default 2]")
    private String segmentRetries;

    @Option(names = "--metrics", paramLabel = "SINK",
            description = "cloudwatch, log or off [MONITOR_METRICS, metrics; default cloudwatch, log when "
                    + "AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL is set]")
    private String metrics;

    @Option(names = "--metrics-interval", paramLabel = "DURATION",
            description = "how often the metrics and heartbeat are published, 1s-5m [MONITOR_METRICS_INTERVAL, "
                    + "metrics.interval; default 60s]")
    private String metricsInterval;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    private boolean versionRequested;

    MonitorCli(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command with one-line error reporting (common's OneLineErrors): usage errors and failures to start exit 2. */
    static CommandLine commandLine(Map<String, String> environment) {
        return OneLineErrors.install(new CommandLine(new MonitorCli(environment)), environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        MonitorConfig config;
        MetricsSettings metricsSettings;
        try {
            List<SettingSource> sources = sources();
            config = MonitorConfig.resolve(sources);
            metricsSettings = MetricsSettings.resolve(sources, environment);
        } catch (IOException e) {
            err.println("monitor: cannot read the configuration file: " + OneLine.of(e));
            return EXIT_FAILURE;
        } catch (IllegalArgumentException e) {
            err.println("monitor: " + e.getMessage());
            return EXIT_FAILURE;
        }
        Optional<CloudWatchClient> cloudWatch = metricsSettings.sink() == MetricsSettings.Sink.CLOUDWATCH
                ? Optional.of(AwsClients.cloudWatch(config, builder -> {}))
                : Optional.empty();
        Optional<MetricsPublisher> publisher = switch (metricsSettings.sink()) {
            case CLOUDWATCH -> cloudWatch.map(CloudWatchMetricsPublisher::new);
            case LOG -> Optional.of(new LogMetricsPublisher());
            case OFF -> Optional.empty();
        };
        try (SqsClient sqs = AwsClients.sqs(config, builder -> {});
                LambdaClient lambda = AwsClients.lambda(config, builder -> {})) {
            Monitor monitor = new Monitor(config, sqs, lambda, publisher, metricsSettings.interval());
            try {
                monitor.start();
            } catch (MonitorStartException e) {
                monitor.stop();
                if (CliErrors.isEnvironmental(e)) {
                    throw e; // no credentials, no endpoint: OneLineErrors says what to set
                }
                err.println("monitor: " + e.getMessage());
                return EXIT_FAILURE;
            }
            ShutdownSignals.install(monitor);
            monitor.awaitTermination();
            if (!monitor.drained()) {
                err.println("monitor: the shutdown deadline passed; unfinished messages were handed back to the queue");
                return EXIT_HANDED_BACK;
            }
        } finally {
            cloudWatch.ifPresent(CloudWatchClient::close);
        }
        return 0;
    }

    /** The configuration from the parsed options, the environment and the properties file. */
    MonitorConfig resolveConfig() throws IOException {
        return MonitorConfig.resolve(sources());
    }

    /** Command line, then environment, then the properties file. */
    private List<SettingSource> sources() throws IOException {
        List<SettingSource> sources = new ArrayList<>();
        sources.add(SettingSource.commandLine(optionValues()));
        sources.add(SettingSource.environment(environment));
        Path file = configFile;
        String fromEnvironment = environment.get("MONITOR_CONFIG");
        if (file == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
            file = Path.of(fromEnvironment.strip());
        }
        if (file != null) {
            sources.add(SettingSource.propertiesFile(file));
        }
        return sources;
    }

    private Map<Setting, String> optionValues() {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.QUEUE_URL, queueUrl);
        values.put(Setting.QUEUE_NAME, queueName);
        values.put(Setting.FUNCTION_NAME, functionName);
        values.put(Setting.CONCURRENCY, concurrency);
        values.put(Setting.REGION, region);
        values.put(Setting.INVOCATION_TYPE, invocationType);
        values.put(Setting.RECEIVE_WAIT_SECONDS, receiveWaitSeconds);
        values.put(Setting.RECEIVE_MAX_MESSAGES, receiveMaxMessages);
        values.put(Setting.VISIBILITY_TIMEOUT, visibilityTimeout);
        values.put(Setting.HEARTBEAT_INTERVAL, heartbeatInterval);
        values.put(Setting.RETRY_DELAY, retryDelay);
        values.put(Setting.RETRY_MAX_DELAY, retryMaxDelay);
        values.put(Setting.FUNCTION_TIMEOUT, functionTimeout);
        values.put(Setting.FUNCTION_TIMEOUT_MARGIN, functionTimeoutMargin);
        values.put(Setting.INVOKE_ATTEMPTS, invokeAttempts);
        values.put(Setting.SHUTDOWN_DEADLINE, shutdownDeadline);
        values.put(Setting.SUMMARY_INTERVAL, summaryInterval);
        values.put(Setting.FAN_OUT, fanOut);
        values.put(Setting.SEGMENT_RETRIES, segmentRetries);
        values.put(Setting.METRICS, metrics);
        values.put(Setting.METRICS_INTERVAL, metricsInterval);
        return values;
    }
}
