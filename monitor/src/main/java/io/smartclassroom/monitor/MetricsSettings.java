package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.EndpointEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how often the monitor publishes its metrics ({@link Setting#METRICS}, {@link Setting#METRICS_INTERVAL}).
 * Without a setting they go to CloudWatch, except when the SQS endpoint is overridden (the local cloud, which has
 * no CloudWatch): then to the log.
 */
public record MetricsSettings(Sink sink, Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

    public enum Sink { CLOUDWATCH, LOG, OFF }

    public MetricsSettings {
        requireNonNull(sink, "sink");
        requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("metrics interval must be 1s-5m, not " + Durations.format(interval));
        }
    }

    /**
     * From the first source that has each setting ({@code sources} highest precedence first).
     *
     * @throws IllegalArgumentException naming the setting, its value and where it came from
     */
    public static MetricsSettings resolve(List<SettingSource> sources, Map<String, String> environment) {
        requireNonNull(sources, "sources");
        requireNonNull(environment, "environment");
        Sink sink = value(sources, Setting.METRICS, MetricsSettings::sink)
                .orElse(new EndpointEnvironment(environment).isOverridden("SQS") ? Sink.LOG : Sink.CLOUDWATCH);
        Duration interval = value(sources, Setting.METRICS_INTERVAL, text -> {
            Duration parsed = Durations.parse(text);
            if (parsed.compareTo(Duration.ofSeconds(1)) < 0 || parsed.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("must be 1s-5m");
            }
            return parsed;
        }).orElse(DEFAULT_INTERVAL);
        return new MetricsSettings(sink, interval);
    }

    private static Sink sink(String text) {
        for (Sink sink : Sink.values()) {
            if (sink.name().equalsIgnoreCase(text.strip())) {
                return sink;
            }
        }
        throw new IllegalArgumentException("must be cloudwatch, log or off");
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> Optional<T> value(List<SettingSource> sources, Setting setting, Parser<T> parser) {
        for (SettingSource source : sources) {
            Optional<String> value = source.value(setting);
            if (value.isPresent()) {
                try {
                    return Optional.of(parser.parse(value.get()));
                } catch (IllegalArgumentException e) {
                    throw new MonitorConfig.InvalidSettingException(String.format(Locale.ROOT,
                            "invalid %s '%s' (from %s): %s", setting.key(), value.get(), source.origin(setting),
                            e.getMessage()), e);
                }
            }
        }
        return Optional.empty();
    }
}
