package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user metadata ({@code x-amz-meta-*}) the function puts on every result CSV, and the rule that keeps it
 * within S3's limit. Names are given without the {@code x-amz-meta-} prefix, as the SDK's
 * {@code metadata()} map holds them. Values travel in HTTP headers, so they are printable US-ASCII: other
 * characters and {@code %} are written as UTF-8 percent escapes ({@code ü} → {@code %C3%BC}); {@link #decode}
 * undoes that.
 */
public final class ResultMetadata {
    private ResultMetadata() {}

    /** {@code students-found} or {@code no-students}. */
    public static final String OUTCOME = "outcome";
    /** Why the CSV is empty or incomplete. */
    public static final String REASON = "reason";
    /** The video: {@code s3://bucket/key}. */
    public static final String SOURCE = "source";
    /** The ETag of the video the result was made from (without quotes). */
    public static final String SOURCE_ETAG = "source-etag";
    /** The version id of the video, in a versioned bucket. */
    public static final String SOURCE_VERSION_ID = "source-version-id";
    /** The sequencer of the event the result was made for: a result of a later event replaces it, never an earlier. */
    public static final String SOURCE_SEQUENCER = "source-sequencer";
    public static final String FRAMES_EXAMINED = "frames-examined";
    public static final String FACES_DETECTED = "faces-detected";
    public static final String UNKNOWN_FACES = "unknown-faces";
    /** Recognised names the students table has no record of. */
    public static final String MISSING_RECORDS = "missing-records";

    /**
     * S3 allows 2 KB of user metadata: the UTF-8 bytes of every name and value. Counted here with the
     * {@code x-amz-meta-} prefix of each name, so the headers stay within the limit however a store counts.
     */
    public static final int MAX_TOTAL_BYTES = 2048;
    static final String HEADER_PREFIX = "x-amz-meta-";
    private static final String ELLIPSIS = "...";

    /** When values were cut to fit: their names, comma-separated, least important first. */
    public static final String TRUNCATED = "truncated";
    /** What is cut first when the metadata is over the limit: the least important values first. */
    private static final List<String> CUT_FIRST = List.of(MISSING_RECORDS, REASON);
    /** What is cut last: the video's location (its key can be 1 KB, 9 KB escaped). */
    private static final List<String> CUT_LAST = List.of(SOURCE);
    /** Never cut: the version the result was made from (the conditional write compares it), the outcome, the counts. */
    private static final Set<String> NEVER_CUT = Set.of(OUTCOME, SOURCE_ETAG, SOURCE_VERSION_ID, SOURCE_SEQUENCER,
            FRAMES_EXAMINED, FACES_DETECTED, UNKNOWN_FACES);
    /** How short a value is cut before the next value is touched; after that, values are cut to {@code ...}. */
    private static final int FIRST_FLOOR = 64;

    /**
     * The metadata as headers: every value escaped to printable ASCII, then, while names and values together take
     * more than {@link #MAX_TOTAL_BYTES}, values cut (ending {@code ...}) least important first — missing records,
     * reason, any other value, the source — each first to 64 characters, then to {@code ...}; the outcome, the
     * source's ETag, version id and sequencer, and the counts are never cut. The names of the cut values are in
     * {@link #TRUNCATED}.
     *
     * @throws IllegalArgumentException when what may not be cut does not fit
     */
    public static Map<String, String> fit(Map<String, String> metadata) {
        requireNonNull(metadata, "metadata");
        Map<String, String> escaped = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            escaped.put(entry.getKey(), escape(requireNonNull(entry.getValue(), () -> "metadata value of " + entry.getKey())));
        }
        if (totalBytes(escaped) <= MAX_TOTAL_BYTES) {
            return escaped;
        }
        escaped.remove(TRUNCATED);
        List<String> order = new ArrayList<>();
        CUT_FIRST.stream().filter(escaped::containsKey).forEach(order::add);
        escaped.keySet().stream()
                .filter(name -> !NEVER_CUT.contains(name) && !CUT_FIRST.contains(name) && !CUT_LAST.contains(name))
                .forEach(order::add);
        CUT_LAST.stream().filter(escaped::containsKey).forEach(order::add);
        // Room for the mark, as long as it can get: every cuttable name.
        int budget = MAX_TOTAL_BYTES - (HEADER_PREFIX.length() + TRUNCATED.length() + String.join(",", order).length());
        List<String> cut = new ArrayList<>();
        for (int floor : new int[] {FIRST_FLOOR, ELLIPSIS.length()}) {
            for (String name : order) {
                int over = totalBytes(escaped) - budget;
                if (over <= 0) {
                    break;
                }
                String value = escaped.get(name);
                if (value.length() <= floor) {
                    continue;
                }
                int keep = Math.max(floor, value.length() - over);
                escaped.put(name, cut(value, keep - ELLIPSIS.length()) + ELLIPSIS);
                if (!cut.contains(name)) {
                    cut.add(name);
                }
            }
        }
        if (totalBytes(escaped) > budget) {
            throw new IllegalArgumentException("metadata that may not be cut takes more than " + MAX_TOTAL_BYTES
                    + " bytes: " + metadata.keySet());
        }
        if (!cut.isEmpty()) {
            escaped.put(TRUNCATED, String.join(",", cut));
        }
        return escaped;
    }

    /** The total the limit applies to: names (with the prefix) and values, in bytes. */
    public static int totalBytes(Map<String, String> headers) {
        int total = 0;
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            total += (HEADER_PREFIX + entry.getKey()).getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    /** Printable US-ASCII: other bytes of the UTF-8 text, and {@code %}, as {@code %XX}; no leading or trailing blanks. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString().strip();
    }

    /** The text {@link #escape} wrote; a malformed escape is kept as it is. */
    public static String decode(String value) {
        requireNonNull(value, "value");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** The first {@code length} characters of an escaped value, shorter if that would split a {@code %XX} escape. */
    private static String cut(String escaped, int length) {
        int end = Math.min(length, escaped.length());
        int percent = escaped.lastIndexOf('%', end - 1);
        if (percent >= 0 && percent > end - 3) {
            end = percent;
        }
        return escaped.substring(0, end);
    }
}
