package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the output bucket says about one video (by stem, {@code r1/a}): its attendance record when there is one
 * and it could be read, its CSV when there is one, and why the record could not be used.
 */
public record VideoResult(
        String stem,
        Optional<String> csvKey,
        Optional<ResultCsv> csv,
        Optional<String> recordKey,
        Optional<AttendanceRecord> record,
        Optional<String> problem) {

    public VideoResult {
        requireNonNull(stem, "stem");
        requireNonNull(csvKey, "csvKey");
        requireNonNull(csv, "csv");
        requireNonNull(recordKey, "recordKey");
        requireNonNull(record, "record");
        requireNonNull(problem, "problem");
    }

    /** The video's key when the record names it ({@code r1/a.mp4}), else the stem ({@code r1/a}). */
    public String title() {
        return record.map(AttendanceRecord::videoKey).orElse(stem);
    }

    /** Who was there: the record's students in order of first appearance, else the CSV's rows by name. */
    public List<String> presentNames() {
        if (record.isPresent()) {
            return record.get().students().stream().map(SeenStudent::name).distinct().toList();
        }
        List<String> names = new ArrayList<>();
        csv.ifPresent(result -> result.rows().stream().map(StudentRow::name).sorted().distinct().forEach(names::add));
        return names;
    }

    public boolean isPresent(String name) {
        return presentNames().contains(name);
    }

    public Optional<SeenStudent> seen(String name) {
        return record.flatMap(r -> r.students().stream().filter(student -> student.name().equals(name)).findFirst());
    }
}
