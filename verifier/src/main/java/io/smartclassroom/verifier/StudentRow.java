package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

/** One row of a result CSV: {@code name,major,year}. */
public record StudentRow(String name, String major, String year) implements Comparable<StudentRow> {
    private static final Comparator<StudentRow> ORDER = Comparator.comparing(StudentRow::name)
            .thenComparing(StudentRow::major)
            .thenComparing(StudentRow::year);

    public StudentRow {
        requireNonNull(name, "name");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
    }

    @Override
    public int compareTo(StudentRow other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + "," + major + "," + year;
    }

    /** Rows as {@code {a,b,c; d,e,f}} in a stable order; {@code {}} for none. */
    public static String describe(Collection<StudentRow> rows) {
        return rows.stream().sorted().map(StudentRow::toString).collect(Collectors.joining("; ", "{", "}"));
    }
}
