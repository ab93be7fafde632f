package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code s3.object.sequencer} of an S3 event notification: a hexadecimal string that orders the events of
 * one key. As AWS documents it, sequencers are compared as strings of equal length: the shorter is left-padded
 * with zeros first, then the greater value is the later event. Sequencers of different keys are not comparable
 * in meaning (S3 gives no order across keys); this type compares them anyway, by the same rule.
 */
public record S3Sequencer(String hex) implements Comparable<S3Sequencer> {
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    public S3Sequencer {
        requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("an S3 sequencer is a hexadecimal string, not '" + hex + "'");
        }
        hex = hex.toUpperCase(Locale.ROOT);
    }

    /** The sequencer in {@code text}, or null when {@code text} is null, blank or not hexadecimal. */
    public static S3Sequencer parseOrNull(String text) {
        if (text == null || text.isBlank() || !HEX.matcher(text.strip()).matches()) {
            return null;
        }
        return new S3Sequencer(text.strip());
    }

    public boolean isAfter(S3Sequencer other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(S3Sequencer other) {
        int width = Math.max(hex.length(), other.hex.length());
        return padded(width).compareTo(other.padded(width));
    }

    private String padded(int width) {
        return "0".repeat(width - hex.length()) + hex;
    }

    @Override
    public String toString() {
        return hex;
    }
}
