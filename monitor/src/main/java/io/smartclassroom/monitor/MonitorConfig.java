package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Everything the monitor needs to run. Build it with {@link #resolve}, which applies the precedence
 * command line &gt; environment &gt; properties file &gt; defaults.
 *
 * @param queue the request queue
 * @param functionName the Lambda function to invoke
 * @param concurrency messages in flight at most
 * @param region the AWS region; empty means the SDK's region provider chain
 * @param invocationType {@code RequestResponse} (know the outcome) or {@code Event}
 * @param receiveWaitSeconds long-poll wait of one ReceiveMessage (0-20)
 * @param receiveMaxMessages messages per ReceiveMessage at most (1-10)
 * @param visibilityTimeout the lease: the visibility asked for at receive and renewed by the heartbeat, so the
 *        messages of a monitor that dies come back after it (not after the queue's own, long, timeout)
 * @param heartbeatInterval how often to extend visibility; empty means a third of the lease, zero never
 * @param retryDelay the base of the back-off after a function error: the n-th receive waits about
 *        {@code min(retryMaxDelay, retryDelay × 2^(n−1))}
 * @param retryMaxDelay the cap of that back-off
 * @param functionTimeout the function's own timeout
 * @param functionTimeoutMargin added to the function timeout for the Invoke read and call timeouts
 * @param invokeAttempts SDK attempts per Invoke (1 = no SDK retries)
 * @param shutdownDeadline how long in-flight messages may take to finish once stopping
 * @param summaryInterval how often to log a summary line; zero never
 * @param fanOut whether a video is planned and a long one invoked as parallel segments and a merge
 * @param segmentRetries invocations again of a segment whose function failed (transiently)
 */
public record MonitorConfig(
        QueueRef queue,
        String functionName,
        int concurrency,
        Optional<String> region,
        InvocationType invocationType,
        int receiveWaitSeconds,
        int receiveMaxMessages,
        Duration visibilityTimeout,
        Optional<Duration> heartbeatInterval,
        Duration retryDelay,
        Duration retryMaxDelay,
        Duration functionTimeout,
        Duration functionTimeoutMargin,
        int invokeAttempts,
        Duration shutdownDeadline,
        Duration summaryInterval,
        boolean fanOut,
        int segmentRetries) {

    public static final int DEFAULT_CONCURRENCY = 100;
    public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_FUNCTION_TIMEOUT_MARGIN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofMinutes(15);
    public static final int DEFAULT_SEGMENT_RETRIES = 2;
    /** SQS allows a message to stay invisible for 12 hours at most. */
    static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);

    public MonitorConfig {
        requireNonNull(queue, "queue");
        requireNonNull(functionName, "functionName");
        requireNonNull(region, "region");
        requireNonNull(invocationType, "invocationType");
        requireNonNull(visibilityTimeout, "visibilityTimeout");
        requireNonNull(heartbeatInterval, "heartbeatInterval");
        requireNonNull(retryDelay, "retryDelay");
        requireNonNull(retryMaxDelay, "retryMaxDelay");
        requireNonNull(functionTimeout, "functionTimeout");
        requireNonNull(functionTimeoutMargin, "functionTimeoutMargin");
        requireNonNull(shutdownDeadline, "shutdownDeadline");
        requireNonNull(summaryInterval, "summaryInterval");
        check(!functionName.isBlank(), "function name is blank");
        check(concurrency >= 1 && concurrency <= 10_000, "concurrency must be 1-10000, not " + concurrency);
        check(invocationType == InvocationType.REQUEST_RESPONSE || invocationType == InvocationType.EVENT,
                "invocation type must be RequestResponse or Event, not " + invocationType);
        check(receiveWaitSeconds >= 0 && receiveWaitSeconds <= 20,
                "receive wait must be 0-20 seconds, not " + receiveWaitSeconds);
        check(receiveMaxMessages >= 1 && receiveMaxMessages <= 10,
                "messages per receive must be 1-10, not " + receiveMaxMessages);
        check(visibilityTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && visibilityTimeout.compareTo(MAX_VISIBILITY_TIMEOUT) <= 0,
                "visibility timeout must be 1s-12h, not " + Durations.format(visibilityTimeout));
        heartbeatInterval.ifPresent(interval -> check(!interval.isNegative(), "heartbeat interval is negative"));
        check(!retryDelay.isNegative() && retryDelay.compareTo(MAX_VISIBILITY_TIMEOUT) <= 0,
                "retry delay must be 0-12h, not " + Durations.format(retryDelay));
        check(!retryMaxDelay.isNegative() && retryMaxDelay.compareTo(MAX_VISIBILITY_TIMEOUT) <= 0,
                "retry max delay must be 0-12h, not " + Durations.format(retryMaxDelay));
        check(functionTimeout.compareTo(Duration.ofSeconds(1)) >= 0, "function timeout must be at least 1s");
        check(!functionTimeoutMargin.isNegative(), "function timeout margin is negative");
        check(invokeAttempts >= 1 && invokeAttempts <= 10, "invoke attempts must be 1-10, not " + invokeAttempts);
        check(!shutdownDeadline.isNegative(), "shutdown deadline is negative");
        check(!summaryInterval.isNegative(), "summary interval is negative");
        check(segmentRetries >= 0 && segmentRetries <= 10, "segment retries must be 0-10, not " + segmentRetries);
        check(!fanOut || invocationType == InvocationType.REQUEST_RESPONSE,
                "fan-out needs the RequestResponse invocation type (the segments' results come back in the answers)");
    }

    /** Without fan-out: one invocation per message. */
    public MonitorConfig(QueueRef queue, String functionName, int concurrency, Optional<String> region,
            InvocationType invocationType, int receiveWaitSeconds, int receiveMaxMessages, Duration visibilityTimeout,
            Optional<Duration> heartbeatInterval, Duration retryDelay, Duration retryMaxDelay, Duration functionTimeout,
            Duration functionTimeoutMargin, int invokeAttempts, Duration shutdownDeadline, Duration summaryInterval) {
        this(queue, functionName, concurrency, region, invocationType, receiveWaitSeconds, receiveMaxMessages,
                visibilityTimeout, heartbeatInterval, retryDelay, retryMaxDelay, functionTimeout, functionTimeoutMargin,
                invokeAttempts, shutdownDeadline, summaryInterval, false, DEFAULT_SEGMENT_RETRIES);
    }

    /**
     * The form of before the lease and back-off defaults: an empty visibility timeout or retry delay means the
     * default (30 s each), the back-off cap is the default 15 min.
     */
    public MonitorConfig(QueueRef queue, String functionName, int concurrency, Optional<String> region,
            InvocationType invocationType, int receiveWaitSeconds, int receiveMaxMessages,
            Optional<Duration> visibilityTimeout, Optional<Duration> heartbeatInterval, Optional<Duration> retryDelay,
            Duration functionTimeout, Duration functionTimeoutMargin, int invokeAttempts, Duration shutdownDeadline,
            Duration summaryInterval) {
        this(queue, functionName, concurrency, region, invocationType, receiveWaitSeconds, receiveMaxMessages,
                requireNonNull(visibilityTimeout, "visibilityTimeout").orElse(DEFAULT_VISIBILITY_TIMEOUT),
                heartbeatInterval, requireNonNull(retryDelay, "retryDelay").orElse(DEFAULT_RETRY_DELAY),
                DEFAULT_RETRY_MAX_DELAY, functionTimeout, functionTimeoutMargin, invokeAttempts, shutdownDeadline,
                summaryInterval);
    }

    /** The lease in whole seconds (SQS counts visibility in seconds), rounded up. */
    public Duration lease() {
        return Duration.ofSeconds((visibilityTimeout.toMillis() + 999) / 1000);
    }

    /** How often the heartbeat renews the lease: as configured, else a third of the lease. */
    public Duration heartbeatEvery() {
        return heartbeatInterval.orElse(lease().dividedBy(3));
    }

    /** How long one Invoke may take before the monitor gives up on it: function timeout plus margin. */
    public Duration invokeTimeout() {
        return functionTimeout.plus(functionTimeoutMargin);
    }

    /**
     * Resolves every setting from the first source that has it ({@code sources} in precedence order, highest
     * first), falling back to the defaults. The queue is taken from the first source naming it by URL or by
     * name; within one source a URL wins over a name.
     *
     * @throws IllegalArgumentException with a one-line reason naming the offending option, variable or key
     */
    public static MonitorConfig resolve(List<SettingSource> sources) {
        Resolver resolver = new Resolver(List.copyOf(requireNonNull(sources, "sources")));
        try {
            return new MonitorConfig(
                    resolver.queue(),
                    resolver.text(Setting.FUNCTION_NAME).orElse(ResourceNames.DEFAULTS.function()),
                    resolver.integer(Setting.CONCURRENCY, 1, 10_000).orElse(DEFAULT_CONCURRENCY),
                    resolver.text(Setting.REGION),
                    resolver.parsed(Setting.INVOCATION_TYPE, MonitorConfig::invocationType)
                            .orElse(InvocationType.REQUEST_RESPONSE),
                    resolver.integer(Setting.RECEIVE_WAIT_SECONDS, 0, 20).orElse(20),
                    resolver.integer(Setting.RECEIVE_MAX_MESSAGES, 1, 10).orElse(10),
                    resolver.duration(Setting.VISIBILITY_TIMEOUT).orElse(DEFAULT_VISIBILITY_TIMEOUT),
                    resolver.duration(Setting.HEARTBEAT_INTERVAL),
                    resolver.duration(Setting.RETRY_DELAY).orElse(DEFAULT_RETRY_DELAY),
                    resolver.duration(Setting.RETRY_MAX_DELAY).orElse(DEFAULT_RETRY_MAX_DELAY),
                    resolver.duration(Setting.FUNCTION_TIMEOUT).orElse(DEFAULT_FUNCTION_TIMEOUT),
                    resolver.duration(Setting.FUNCTION_TIMEOUT_MARGIN).orElse(DEFAULT_FUNCTION_TIMEOUT_MARGIN),
                    resolver.integer(Setting.INVOKE_ATTEMPTS, 1, 10).orElse(1),
                    resolver.duration(Setting.SHUTDOWN_DEADLINE).orElse(DEFAULT_SHUTDOWN_DEADLINE),
                    resolver.duration(Setting.SUMMARY_INTERVAL).orElse(DEFAULT_SUMMARY_INTERVAL),
                    resolver.parsed(Setting.FAN_OUT, MonitorConfig::bool).orElse(false),
                    resolver.integer(Setting.SEGMENT_RETRIES, 0, 10).orElse(DEFAULT_SEGMENT_RETRIES));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingException) {
                throw e;
            }
            throw new InvalidSettingException(e.getMessage(), e);
        }
    }

    private static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static InvocationType invocationType(String text) {
        for (InvocationType type : List.of(InvocationType.REQUEST_RESPONSE, InvocationType.EVENT)) {
            if (type.toString().equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("must be RequestResponse or Event");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A setting with a value that cannot be used; the message names where the value came from. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        InvalidSettingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Resolver(List<SettingSource> sources) {
        QueueRef queue() {
            for (SettingSource source : sources) {
                Optional<String> url = source.value(Setting.QUEUE_URL);
                if (url.isPresent()) {
                    return new QueueRef.Url(url.get());
                }
                Optional<String> name = source.value(Setting.QUEUE_NAME);
                if (name.isPresent()) {
                    return new QueueRef.Name(name.get());
                }
            }
            return new QueueRef.Name(ResourceNames.DEFAULTS.queue());
        }

        Optional<String> text(Setting setting) {
            return parsed(setting, Function.identity());
        }

        Optional<Integer> integer(Setting setting, int min, int max) {
            return parsed(setting, text -> {
                int value;
                try {
                    value = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a whole number", e);
                }
                if (value < min || value > max) {
                    throw new IllegalArgumentException("must be " + min + "-" + max);
                }
                return value;
            });
        }

        Optional<Duration> duration(Setting setting) {
            return parsed(setting, Durations::parse);
        }

        <T> Optional<T> parsed(Setting setting, Function<String, T> parser) {
            for (SettingSource source : sources) {
                Optional<String> value = source.value(setting);
                if (value.isPresent()) {
                    try {
                        return Optional.of(parser.apply(value.get()));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSettingException(String.format(Locale.ROOT, "invalid %s '%s' (from %s): %s",
                                setting.key(), value.get(), source.origin(setting), e.getMessage()), e);
                    }
                }
            }
            return Optional.empty();
        }
    }
}
