package io.smartclassroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.ResourceNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.lambda.model.InvocationType;

class MonitorConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheSharedResourceNamesAndTheDocumentedValues() {
        MonitorConfig config = MonitorConfig.resolve(List.of());

        assertThat(config.queue()).isEqualTo(new QueueRef.Name(ResourceNames.DEFAULTS.queue()));
        assertThat(config.functionName()).isEqualTo(ResourceNames.DEFAULTS.function());
        assertThat(config.concurrency()).isEqualTo(100);
        assertThat(config.region()).isEmpty();
        assertThat(config.invocationType()).isEqualTo(InvocationType.REQUEST_RESPONSE);
        assertThat(config.receiveWaitSeconds()).isEqualTo(20);
        assertThat(config.receiveMaxMessages()).isEqualTo(10);
        assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.heartbeatInterval()).isEmpty();
        assertThat(config.heartbeatEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.invokeTimeout()).isEqualTo(Duration.ofMinutes(15).plusSeconds(30));
        assertThat(config.invokeAttempts()).isEqualTo(1);
        assertThat(config.shutdownDeadline()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.summaryInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws IOException {
        Path file = write("monitor.properties", """
                queue.name = file-queue
                function.name = file-function
                concurrency = 7
                region = eu-west-1
                retry.delay = 5s
                shutdown.deadline = 45s
                """);
        Map<String, String> environment = Map.of(
                "MONITOR_FUNCTION_NAME", "env-function",
                "MONITOR_CONCURRENCY", "8",
                "AWS_REGION", "us-west-2",
                "MONITOR_RETRY_DELAY", "  ", // blank: as if unset, the file's value stands
                "HOME", "/home/someone");

        MonitorConfig config = cli(environment, "--config", file.toString(), "--concurrency", "9");

        assertThat(config.concurrency()).isEqualTo(9);                        // command line
        assertThat(config.functionName()).isEqualTo("env-function");          // environment over file
        assertThat(config.region()).contains("us-west-2");                     // AWS_REGION over file
        assertThat(config.queue()).isEqualTo(new QueueRef.Name("file-queue")); // file
        assertThat(config.retryDelay()).isEqualTo(Duration.ofSeconds(5));        // file, blank env ignored
        assertThat(config.shutdownDeadline()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.receiveWaitSeconds()).isEqualTo(20);                 // default
    }

    @Test
    void theEarlierFormWithoutTheBackOffCapTakesTheDefaultsForWhatIsEmpty() {
        MonitorConfig config = new MonitorConfig(new QueueRef.Name("q"), "f", 3, Optional.empty(),
                InvocationType.REQUEST_RESPONSE, 1, 10, Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMinutes(15), Duration.ofSeconds(30), 1, Duration.ofSeconds(60), Duration.ZERO);

        assertThat(config.visibilityTimeout()).isEqualTo(MonitorConfig.DEFAULT_VISIBILITY_TIMEOUT);
        assertThat(config.retryDelay()).isEqualTo(MonitorConfig.DEFAULT_RETRY_DELAY);
        assertThat(config.retryMaxDelay()).isEqualTo(MonitorConfig.DEFAULT_RETRY_MAX_DELAY);
    }

    @Test
    void configFileMayComeFromTheEnvironment() throws IOException {
        Path file = write("env.properties", "function.name = from-file\n");

        MonitorConfig config = cli(Map.of("MONITOR_CONFIG", file.toString()));

        assertThat(config.functionName()).isEqualTo("from-file");
    }

    @Test
    void queueComesFromTheFirstSourceThatNamesItByUrlOrByName() throws IOException {
        Path file = write("queue.properties", "queue.name = file-queue\n");
        String url = "https://sqs.us-east-1.amazonaws.com/123456789012/env-queue";

        assertThat(cli(Map.of("MONITOR_QUEUE_URL", url), "--config", file.toString()).queue())
                .isEqualTo(new QueueRef.Url(url));
        assertThat(cli(Map.of("MONITOR_QUEUE_URL", url), "--config", file.toString(), "--queue", "cli-queue").queue())
                .isEqualTo(new QueueRef.Name("cli-queue"));
        assertThat(cli(Map.of("MONITOR_QUEUE_URL", url, "MONITOR_QUEUE_NAME", "env-queue")).queue())
                .isEqualTo(new QueueRef.Url(url));
    }

    @Test
    void everySettingCanBeGivenInEachPlace() throws IOException {
        StringBuilder properties = new StringBuilder();
        for (Setting setting : Setting.values()) {
            properties.append(setting.key()).append('=').append(sample(setting)).append('\n');
        }
        MonitorConfig fromFile = cli(Map.of(), "--config", write("all.properties", properties.toString()).toString());
        Map<String, String> environment = new HashMap<>();
        List<String> arguments = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            environment.put(setting.environmentVariable(), sample(setting));
            arguments.add(setting.option() + "=" + sample(setting));
        }
        MonitorConfig fromEnvironment = cli(environment);
        MonitorConfig fromCommandLine = cli(Map.of(), arguments.toArray(String[]::new));

        MonitorConfig expected = new MonitorConfig(new QueueRef.Url("http://queue"), "fn", 5, Optional.of("eu-north-1"),
                InvocationType.EVENT, 3, 4, Duration.ofSeconds(40), Optional.of(Duration.ofSeconds(15)),
                Duration.ofSeconds(9), Duration.ofMinutes(7), Duration.ofMinutes(2), Duration.ofSeconds(11), 2,
                Duration.ofSeconds(33), Duration.ZERO, false, 3);
        assertThat(fromFile).isEqualTo(expected);
        assertThat(fromEnvironment).isEqualTo(expected);
        assertThat(fromCommandLine).isEqualTo(expected);
    }

    @Test
    void badValuesAreRejectedNamingWhereTheyCameFrom() throws IOException {
        assertThatThrownBy(() -> cli(Map.of("MONITOR_CONCURRENCY", "lots")))
                .hasMessage("invalid concurrency 'lots' (from environment variable MONITOR_CONCURRENCY): "
                        + "not a whole number");
        assertThatThrownBy(() -> cli(Map.of(), "--concurrency", "0"))
                .hasMessageContaining("invalid concurrency '0' (from option --concurrency): must be 1-10000");
        assertThatThrownBy(() -> cli(Map.of(), "--wait-time", "21"))
                .hasMessageContaining("must be 0-20");
        assertThatThrownBy(() -> cli(Map.of(), "--invocation-type", "DryRun"))
                .hasMessageContaining("must be RequestResponse or Event");
        assertThatThrownBy(() -> cli(Map.of(), "--visibility-timeout", "500ms"))
                .hasMessageContaining("visibility timeout must be 1s-12h");
        Path file = write("bad.properties", "shutdown.deadline = soon\n");
        assertThatThrownBy(() -> cli(Map.of(), "--config", file.toString()))
                .hasMessageContaining("invalid shutdown.deadline 'soon' (from 'shutdown.deadline' in " + file + ")");
    }

    @Test
    void unknownKeysInTheFileAreAnError() throws IOException {
        Path file = write("typo.properties", "concurency = 5\n");

        assertThatThrownBy(() -> cli(Map.of(), "--config", file.toString()))
                .hasMessageContaining("unknown setting(s) [concurency] in " + file);
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT15M30S")).isEqualTo(Duration.ofSeconds(930));
        assertThat(Durations.format(Duration.ofSeconds(930))).isEqualTo("15m30s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("PT-5S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("ten seconds")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sample(Setting setting) {
        return switch (setting) {
            case QUEUE_URL -> "http://queue";
            case QUEUE_NAME -> "ignored-queue-name";
            case FUNCTION_NAME -> "fn";
            case CONCURRENCY -> "5";
            case REGION -> "eu-north-1";
            case INVOCATION_TYPE -> "event";
            case RECEIVE_WAIT_SECONDS -> "3";
            case RECEIVE_MAX_MESSAGES -> "4";
            case VISIBILITY_TIMEOUT -> "40s";
            case HEARTBEAT_INTERVAL -> "15";
            case RETRY_DELAY -> "PT9S";
            case RETRY_MAX_DELAY -> "7m";
            case FUNCTION_TIMEOUT -> "2m";
            case FUNCTION_TIMEOUT_MARGIN -> "11s";
            case INVOKE_ATTEMPTS -> "2";
            case SHUTDOWN_DEADLINE -> "33s";
            case SUMMARY_INTERVAL -> "0";
            case FAN_OUT -> "false";
            case SEGMENT_RETRIES -> "3";
            case METRICS -> "log";
            case METRICS_INTERVAL -> "2m";
        };
    }

    private static MonitorConfig cli(Map<String, String> environment, String... arguments) throws IOException {
        MonitorCli cli = new MonitorCli(environment);
        new CommandLine(cli).parseArgs(arguments);
        return cli.resolveConfig();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
