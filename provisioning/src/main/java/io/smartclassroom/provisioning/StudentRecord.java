package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

/** One student of the course, as the table holds it: {@code id} (number, hash key), name, major, year. */
public record StudentRecord(long id, String name, String major, String year) {
    public StudentRecord {
        requireNonNull(name, "name");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
    }
}
