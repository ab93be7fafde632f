package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

/** An enrolled student: one item of the students table ({@code id} number key, {@code name}, {@code major}, {@code year}). */
public record RosterStudent(String name, String id, String major, String year) {
    public RosterStudent {
        requireNonNull(name, "name");
        requireNonNull(id, "id");
        requireNonNull(major, "major");
        requireNonNull(year, "year");
    }
}
