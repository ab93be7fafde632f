package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One row of the output CSV: a student's name, major and year as the students table holds them, and the
 * table's {@code id} of the record (empty for a row written without a record; the CSV does not show it).
 */
public record StudentRecord(String name, String major, String year, Optional<String> id) {
    public StudentRecord {
        requireNonNull(name, "name");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
        requireNonNull(id, "id");
    }

    /** A record whose table id is not known. */
    public StudentRecord(String name, String major, String year) {
        this(name, major, year, Optional.empty());
    }

    /** The row written for a recognised student the table has no record of: the name and empty fields. */
    public static StudentRecord withoutRecord(String name) {
        return new StudentRecord(name, "", "");
    }
}
