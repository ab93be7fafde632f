package io.smartclassroom.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a terminal table, one line per video: {@code VIDEO  FOUND  UNKNOWN-FACES  FROM}, the names
 * found in order of first appearance (or {@code nobody}), the unknown-face count ({@code -} when only the CSV
 * is there) and which result said so. Control characters from data are shown as {@code ?}.
 */
final class ReportSummary {
    private ReportSummary() {}

    static List<String> lines(AttendanceReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VIDEO", "FOUND", "UNKNOWN-FACES", "FROM"});
        for (VideoResult video : report.videos()) {
            List<String> names = video.presentNames();
            String found = !HtmlReport.hasResult(video) ? "(no readable result)" : names.isEmpty() ? "nobody" : String.join(", ", names);
            rows.add(new String[] {
                    video.title(),
                    found,
                    video.record().map(record -> Long.toString(record.unknownFaces())).orElse("-"),
                    video.record().isPresent() ? "record" : video.csv().isPresent() ? "csv" : "-"});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = row[i].replaceAll("\\p{Cntrl}", "?");
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
