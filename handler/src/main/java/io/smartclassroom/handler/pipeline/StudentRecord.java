package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

/** One row of the output CSV: a student's name, major and year as the students table holds them. */
public record StudentRecord(String name, String major, String year) {
    public StudentRecord {
        requireNonNull(name, "name");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
    }

    /** The row written for a recognised student the table has no record of: the name and empty fields. */
    public static StudentRecord withoutRecord(String name) {
        return new StudentRecord(name, "", "");
    }
}
