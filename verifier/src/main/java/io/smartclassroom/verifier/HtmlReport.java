package io.smartclassroom.verifier;

import static io.smartclassroom.verifier.Html.escape;
import static java.util.Objects.requireNonNull;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders an {@link AttendanceReport} as one static HTML page that opens from {@code file://}: plain HTML and
 * CSS, no script, no network (its Content-Security-Policy allows no script and no remote resource). Every
 * piece of text that came from data — names, keys, reasons, model names — is escaped.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "index.html";

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2937}
            h1{margin:0 0 4px}h2{margin:28px 0 6px;font-size:18px}
            .meta{color:#4b5563;margin:2px 0}.note{background:#fef3c7;padding:6px 10px;border-radius:4px}
            .problem{background:#fee2e2;padding:6px 10px;border-radius:4px}
            table{border-collapse:collapse;margin:8px 0}
            th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:left;vertical-align:middle}
            thead th{background:#f3f4f6}
            .matrix td{text-align:center;min-width:64px}
            td.present,tr.present td.status{background:#dcfce7;color:#166534;font-weight:600}
            td.absent,tr.absent td.status{background:#fef2f2;color:#991b1b}
            td.unknown{background:#f3f4f6;color:#6b7280}
            tr.absent td{color:#6b7280}
            small{color:#6b7280}
            .bar{position:relative;width:240px;height:14px;background:#e5e7eb;border-radius:3px;overflow:hidden}
            .bar span{position:absolute;top:0;bottom:0;background:#16a34a;min-width:2px}
            img.evidence{width:72px;height:72px;object-fit:cover;border-radius:4px;display:block}
            """;

    private HtmlReport() {}

    public static String render(AttendanceReport report) {
        requireNonNull(report, "report");
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:;"
                        + " style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Attendance: s3://").append(escape(report.bucket())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>Attendance</h1>\n")
                .append("<p class=\"meta\">Results in s3://").append(escape(report.bucket()))
                .append(" &middot; students table ").append(escape(report.table()))
                .append(" (").append(report.roster().size()).append(" enrolled)")
                .append(" &middot; ").append(report.videos().size()).append(report.videos().size() == 1 ? " video" : " videos")
                .append(" &middot; generated ")
                .append(escape(DateTimeFormatter.ISO_INSTANT.format(report.generatedAt().truncatedTo(ChronoUnit.SECONDS))))
                .append("</p>\n");
        matrix(report, html);
        for (int i = 0; i < report.videos().size(); i++) {
            video(report, report.videos().get(i), i + 1, html);
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void matrix(AttendanceReport report, StringBuilder html) {
        List<String> students = report.students();
        html.append("<h2>Summary</h2>\n");
        if (report.videos().isEmpty()) {
            html.append("<p class=\"note\">No results in the bucket.</p>\n");
        }
        html.append("<table class=\"matrix\" id=\"summary\">\n<thead><tr><th>Student</th>");
        for (int i = 0; i < report.videos().size(); i++) {
            html.append("<th><a href=\"#v").append(i + 1).append("\">").append(escape(report.videos().get(i).title()))
                    .append("</a></th>");
        }
        html.append("<th>Present in</th></tr></thead>\n<tbody>\n");
        for (String student : students) {
            html.append("<tr data-student=\"").append(escape(student)).append("\"><th>").append(escape(student));
            if (!report.isEnrolled(student)) {
                html.append("<br><small>not in the students table</small>");
            }
            html.append("</th>");
            int present = 0;
            int known = 0;
            for (VideoResult video : report.videos()) {
                if (!hasResult(video)) {
                    html.append("<td class=\"unknown\" title=\"no readable result\">?</td>");
                    continue;
                }
                known++;
                if (video.isPresent(student)) {
                    present++;
                    html.append("<td class=\"present\" title=\"present\">&#10003; present</td>");
                } else {
                    html.append("<td class=\"absent\" title=\"absent\">&ndash; absent</td>");
                }
            }
            html.append("<td>").append(present).append('/').append(known).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void video(AttendanceReport report, VideoResult video, int number, StringBuilder html) {
        html.append("<section class=\"video\" id=\"v").append(number).append("\" data-video=\"").append(escape(video.title()))
                .append("\">\n<h2>").append(escape(video.title())).append("</h2>\n");
        Optional<AttendanceRecord> record = video.record();
        html.append("<p class=\"meta\">");
        if (record.isPresent()) {
            AttendanceRecord r = record.get();
            html.append("duration ").append(escape(clock(r.durationS())))
                    .append(" &middot; unknown faces: <span class=\"unknown-faces\">").append(r.unknownFaces()).append("</span>")
                    .append(" &middot; ").append(r.framesExamined()).append(" frames examined")
                    .append(" &middot; outcome ").append(escape(r.outcome()))
                    .append(" &middot; model ").append(escape(r.modelName()));
            Long total = r.timingsMs().get("total");
            if (total != null) {
                html.append(" &middot; processed in ").append(escape(seconds(total / 1000.0)));
            }
            html.append(" &middot; ");
        } else {
            html.append("unknown faces: <span class=\"unknown-faces\">not recorded</span> &middot; ");
        }
        html.append("from ");
        List<String> files = new java.util.ArrayList<>();
        video.recordKey().ifPresent(files::add);
        video.csvKey().ifPresent(files::add);
        html.append(escape(String.join(", ", files))).append("</p>\n");
        record.filter(r -> !r.reason().isBlank()).ifPresent(r ->
                html.append("<p class=\"reason\">Reason: ").append(escape(r.reason())).append("</p>\n"));
        video.problem().ifPresent(problem ->
                html.append("<p class=\"problem\">").append(escape(problem)).append("</p>\n"));
        video.csv().flatMap(ResultCsv::problem).ifPresent(problem ->
                html.append("<p class=\"problem\">The CSV: ").append(escape(problem)).append("</p>\n"));
        if (record.isEmpty() && video.csv().isPresent()) {
            html.append("<p class=\"note\">Only the CSV (no attendance record for this video): who was present is known;"
                    + " times, evidence and unknown faces are not.</p>\n");
        }
        if (!hasResult(video)) {
            html.append("<p class=\"problem\">No readable result: who was present is not known.</p>\n</section>\n");
            return;
        }
        html.append("<table class=\"students\">\n<thead><tr><th>Student</th><th>Status</th><th>First seen</th><th>Last seen</th>"
                + "<th>Minutes present</th><th>Timeline</th><th>Evidence</th></tr></thead>\n<tbody>\n");
        for (String name : report.students()) {
            boolean present = video.isPresent(name);
            html.append("<tr class=\"").append(present ? "present" : "absent").append("\" data-student=\"").append(escape(name))
                    .append("\"><td>").append(escape(name));
            report.roster().stream().filter(student -> student.name().equals(name)).findFirst().ifPresent(student ->
                    html.append("<br><small>").append(escape(student.major())).append(", ").append(escape(student.year()))
                            .append("</small>"));
            html.append("</td><td class=\"status\">").append(present ? "present" : "absent");
            if (present && !report.isEnrolled(name)) {
                html.append("<br><small>not in the students table</small>");
            }
            html.append("</td>");
            Optional<SeenStudent> seen = video.seen(name);
            if (present && seen.isPresent()) {
                seen(report, record.get(), seen.get(), html);
            } else {
                html.append("<td>&ndash;</td><td>&ndash;</td><td>&ndash;</td><td></td><td></td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void seen(AttendanceReport report, AttendanceRecord record, SeenStudent student, StringBuilder html) {
        html.append("<td>").append(escape(clock(student.firstSeenS()))).append("</td><td>")
                .append(escape(clock(student.lastSeenS()))).append("</td><td>")
                .append(format("%.2f", student.seenS() / 60)).append(" <small>(").append(escape(seconds(student.seenS())))
                .append(", ").append(student.frames()).append(student.frames() == 1 ? " frame" : " frames")
                .append(", best similarity ").append(format("%.2f", student.bestSimilarity())).append(")</small></td><td>");
        if (record.durationS() > 0) {
            double left = clamp(student.firstSeenS() / record.durationS() * 100);
            double width = Math.min(100 - left, clamp((student.lastSeenS() - student.firstSeenS()) / record.durationS() * 100));
            html.append("<div class=\"bar\" title=\"").append(escape("seen from " + clock(student.firstSeenS()) + " to "
                            + clock(student.lastSeenS()) + " of " + clock(record.durationS())))
                    .append("\"><span style=\"left:").append(format("%.2f", left)).append("%;width:")
                    .append(format("%.2f", width)).append("%\"></span></div>");
        }
        html.append("</td><td>");
        Optional<String> uri = student.evidence();
        if (uri.isEmpty()) {
            html.append("<small>no evidence image (it could not be written)</small>");
        } else {
            EvidenceImage image = report.evidence().get(uri.get());
            if (image != null && image.localKey().isPresent()) {
                html.append("<img class=\"evidence\" src=\"").append(escape(LocalFiles.relativeUrl(image.localKey().get())))
                        .append("\" alt=\"").append(escape("evidence: " + student.name())).append("\" title=\"")
                        .append(escape(uri.get())).append("\">");
            } else {
                html.append("<small>").append(escape(image == null ? "not downloaded: " + uri.get() : image.problem()))
                        .append("</small>");
            }
        }
        html.append("</td>");
    }

    static boolean hasResult(VideoResult video) {
        return video.record().isPresent() || video.csv().isPresent();
    }

    /** {@code 75.5} → {@code 1:15.5}; {@code 3725} → {@code 1:02:05.0}. */
    static String clock(double seconds) {
        double tenths = Math.round(Math.max(0, seconds) * 10);
        long whole = (long) (tenths / 10);
        long hours = whole / 3600;
        long minutes = whole % 3600 / 60;
        double rest = tenths / 10 - hours * 3600 - minutes * 60;
        return hours > 0 ? format("%d:%02d:%04.1f", hours, minutes, rest) : format("%d:%04.1f", minutes, rest);
    }

    private static String seconds(double seconds) {
        return format("%.1f s", seconds);
    }

    private static double clamp(double percent) {
        return Double.isFinite(percent) ? Math.max(0, Math.min(100, percent)) : 0;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
