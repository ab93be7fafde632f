package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.DeadLetterAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code verifier dlq} table: one aligned line per message (the video key never in the first column, its kind
 * after it on the same line, so that {@code grep '[[:space:]]r1/'} counts a prefix's messages) and a summary by kind.
 */
public record DeadLetterTable(List<DeadLetter> letters) {
    private static final String NONE = "-";

    private record Column(String title, Function<DeadLetter, String> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("RECEIVES", DeadLetter::receives),
            new Column("VIDEO", letter -> letter.videos().isEmpty() ? NONE : String.join(",", letter.videos())),
            new Column("KIND", DeadLetter::kind),
            new Column("ERROR-TYPE", letter -> attribute(letter, DeadLetterAttributes.ERROR_TYPE)),
            new Column("FAILED-AT", letter -> attribute(letter, DeadLetterAttributes.FAILED_AT)),
            new Column("REQUEST-ID", letter -> attribute(letter, DeadLetterAttributes.REQUEST_ID)),
            new Column("REASON", letter -> attribute(letter, DeadLetterAttributes.REASON)));

    public DeadLetterTable {
        letters = List.copyOf(requireNonNull(letters, "letters"));
    }

    private static String attribute(DeadLetter letter, String name) {
        return letter.attribute(name).map(DeadLetterTable::oneLine).orElse(NONE);
    }

    private static String oneLine(String value) {
        return value.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The header and one line per message; nothing when there is no message. */
    public List<String> lines() {
        if (letters.isEmpty()) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::title).toList());
        for (DeadLetter letter : letters) {
            rows.add(COLUMNS.stream().map(column -> oneLine(column.value().apply(letter))).toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(i == widths.length - 1 ? row.get(i) : pad(row.get(i), widths[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }

    /** How many messages there are of each kind, by kind name. */
    public Map<String, Integer> byKind() {
        Map<String, Integer> counts = new TreeMap<>();
        letters.forEach(letter -> counts.merge(letter.kind(), 1, Integer::sum));
        return counts;
    }

    /** {@code N messages in the dead-letter queue: kind1 X, kind2 Y}. */
    public String summary() {
        StringBuilder summary = new StringBuilder()
                .append(letters.size()).append(letters.size() == 1 ? " message" : " messages").append(" in the dead-letter queue");
        String separator = ": ";
        for (Map.Entry<String, Integer> entry : byKind().entrySet()) {
            summary.append(separator).append(entry.getKey()).append(' ').append(entry.getValue());
            separator = ", ";
        }
        return summary.toString();
    }
}
