package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every expected video checked against the result CSVs found, and the table that shows it. */
public record VerificationReport(List<VideoCheck> checks) {
    public VerificationReport {
        checks = List.copyOf(requireNonNull(checks, "checks"));
    }

    /**
     * Checks each expected video against the CSV contents found, by object key ({@code x.mp4} → {@code x.csv}).
     * A result is ok when its rows equal the expected rows as a set and the CSV is well formed.
     */
    public static VerificationReport of(ExpectedResults expected, Map<String, String> csvByKey) {
        requireNonNull(expected, "expected");
        requireNonNull(csvByKey, "csvByKey");
        List<VideoCheck> checks = new ArrayList<>();
        expected.byVideo().forEach((video, rows) -> {
            String content = csvByKey.get(ResultKeys.csvKey(video));
            if (content == null) {
                checks.add(new VideoCheck(video, VideoCheck.Status.MISSING, rows, Optional.empty()));
                return;
            }
            ResultCsv got = ResultCsv.parse(content);
            boolean ok = got.problem().isEmpty() && got.rows().equals(rows);
            checks.add(new VideoCheck(video, ok ? VideoCheck.Status.OK : VideoCheck.Status.WRONG, rows, Optional.of(got)));
        });
        return new VerificationReport(checks);
    }

    public long correct() {
        return checks.stream().filter(check -> check.status() == VideoCheck.Status.OK).count();
    }

    public boolean allCorrect() {
        return correct() == checks.size();
    }

    public List<String> missing() {
        return checks.stream().filter(check -> check.status() == VideoCheck.Status.MISSING).map(VideoCheck::video).toList();
    }

    /** A header, one aligned line per video, and the closing {@code N/M correct} line. */
    public List<String> lines() {
        int videoWidth = Math.max("VIDEO".length(), checks.stream().mapToInt(check -> check.video().length()).max().orElse(0));
        int statusWidth = "missing".length();
        String format = "%-" + videoWidth + "s  %-" + statusWidth + "s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(format, "VIDEO", "STATUS", "DETAIL").stripTrailing());
        for (VideoCheck check : checks) {
            lines.add(String.format(format, check.video(), check.status().label(), check.detail()).stripTrailing());
        }
        lines.add(summary());
        return lines;
    }

    /** {@code N/M correct, X missing, Y wrong}. */
    public String counts() {
        long missing = missing().size();
        return summary() + ", " + missing + " missing, " + (checks.size() - correct() - missing) + " wrong";
    }

    public String summary() {
        return correct() + "/" + checks.size() + " correct";
    }
}
