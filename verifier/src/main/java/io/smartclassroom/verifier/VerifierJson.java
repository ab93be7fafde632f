package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of {@code verifier --output json}: the bucket's CSVs ({@link Listing}) and a check against
 * expected results ({@link Check}). Their shape is in the README; field names are part of the command's contract.
 */
final class VerifierJson {
    private VerifierJson() {}

    /** One student row. */
    record Row(String name, String major, String year) {
        static List<Row> of(Collection<StudentRow> rows) {
            return rows.stream().sorted().map(row -> new Row(row.name(), row.major(), row.year())).toList();
        }
    }

    /** One CSV of the bucket: its key, its rows (header left out), a problem when it is not well formed, its text. */
    record ResultFile(String key, List<Row> rows, String problem, String content) {}

    /** {@code verifier --output json}: every CSV of the bucket. */
    record Listing(String bucket, int count, List<ResultFile> results) {
        static Listing of(String bucket, Map<String, String> contents) {
            List<ResultFile> results = new ArrayList<>();
            contents.forEach((key, content) -> {
                ResultCsv csv = ResultCsv.parse(content);
                results.add(new ResultFile(key, Row.of(csv.rows()), csv.problem().orElse(null), content));
            });
            return new Listing(requireNonNull(bucket, "bucket"), results.size(), results);
        }
    }

    /** One expected video: its key (with the prefix), ok / wrong / missing, what was expected and what was found. */
    record Video(String prefix, String video, String result, String status, List<Row> expected, List<Row> got,
            String problem) {
        static Video of(String prefix, VideoCheck check) {
            return new Video(prefix, check.video(), io.smartclassroom.common.ResultKeys.csvKey(check.video()),
                    check.status().label(), Row.of(check.expected()),
                    check.got().map(csv -> Row.of(csv.rows())).orElse(null),
                    check.got().flatMap(ResultCsv::problem).orElse(null));
        }
    }

    /** Counts over a set of videos. */
    record Counts(long correct, int total, long missing, long wrong) {
        static Counts of(VerificationReport report) {
            long missing = report.missing().size();
            return new Counts(report.correct(), report.checks().size(), missing, report.checks().size() - report.correct() - missing);
        }
    }

    /** Counts under one {@code --prefix}. */
    record PrefixCounts(String prefix, long correct, int total, long missing, long wrong) {}

    /** {@code verifier --expected FILE --output json}: the verdict. {@code allCorrect} is what the exit code says. */
    record Check(String bucket, boolean allCorrect, Counts total, List<PrefixCounts> prefixes, List<Video> videos) {}
}
