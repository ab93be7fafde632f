package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them in configuration: {@code 500ms}, {@code 30s}, {@code 15m},
 * {@code 2h}, {@code 90} (seconds) or ISO-8601 {@code PT15M}.
 */
final class Durations {
    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {}

    static Duration parse(String text) {
        requireNonNull(text, "text");
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            try {
                Duration duration = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (duration.isNegative()) {
                    throw new IllegalArgumentException("a duration cannot be negative");
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration (use e.g. 500ms, 30s, 15m, 2h or PT15M)", e);
            }
        }
        Matcher matcher = AMOUNT_AND_UNIT.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration (use e.g. 500ms, 30s, 15m, 2h or PT15M)");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration too large", e);
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    /** A short human form: {@code 500ms}, {@code 30s}, {@code 15m30s}. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toMillis() < 1000 || duration.toMillisPart() != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            text.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || text.length() == 0) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }
}
