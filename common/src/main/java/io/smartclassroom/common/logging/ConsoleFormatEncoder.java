package io.smartclassroom.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one encoder of the function's and the monitor's console appender: {@code json} (logback's own
 * {@link JsonEncoder}: one object per line with {@code timestamp}, {@code level}, {@code loggerName},
 * {@code formattedMessage}, the MDC ({@code requestId}, {@code videoKey}, ...) and the exception, every control
 * character escaped, so CloudWatch Logs Insights can filter by field and no data can forge a line) or {@code text}
 * (the given pattern). The format is a setting ({@code LOG_FORMAT}, or Lambda's own {@code AWS_LAMBDA_LOG_FORMAT});
 * logback's {@code <if>} would need Janino, and two appenders of which one is unused make logback print its status
 * on every start. With {@code journalPriority}, each line starts with its syslog priority ({@code <3>} error ...
 * {@code <7>} debug), which journald takes as the entry's priority and strips.
 */
public final class ConsoleFormatEncoder extends EncoderBase<ILoggingEvent> {
    private String format = "text";
    private String pattern = "%-5level %logger{0} - %msg%n";
    private boolean journalPriority;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setJournalPriority(boolean journalPriority) {
        this.journalPriority = journalPriority;
    }

    @Override
    public void start() {
        String chosen = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        delegate = switch (chosen) {
            case "json" -> json();
            case "text", "" -> text();
            default -> {
                addError("log format '" + format + "' (LOG_FORMAT or AWS_LAMBDA_LOG_FORMAT) is neither json nor text:"
                        + " logging as text");
                yield text();
            }
        };
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(event);
        if (!journalPriority) {
            return line;
        }
        byte[] prefix = ("<" + syslogPriority(event.getLevel()) + ">").getBytes(StandardCharsets.US_ASCII);
        byte[] prefixed = new byte[prefix.length + line.length];
        System.arraycopy(prefix, 0, prefixed, 0, prefix.length);
        System.arraycopy(line, 0, prefixed, prefix.length, line.length);
        return prefixed;
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    /** The syslog priority journald reads from a {@code <N>} prefix (sd-daemon(3)). */
    static int syslogPriority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    private JsonEncoder json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        return json;
    }

    private PatternLayoutEncoder text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(pattern);
        return text;
    }
}
