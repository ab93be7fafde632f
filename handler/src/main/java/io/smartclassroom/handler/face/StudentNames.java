package io.smartclassroom.handler.face;

import java.util.Locale;
import java.util.Set;

/** Rules for enrolled student names: they appear in CSV output and as DynamoDB keys. */
public final class StudentNames {
    /** Words the identify output uses for "no student"; a student cannot be called that. */
    private static final Set<String> RESERVED = Set.of("unknown", "none");

    private StudentNames() {}

    /** @throws IllegalArgumentException when {@code name} cannot be a student name */
    public static String check(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("student name is blank");
        }
        if (!name.equals(name.strip())) {
            throw new IllegalArgumentException("student name has leading or trailing spaces: '" + name + "'");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' is reserved and cannot be a student name");
        }
        if (name.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("student name contains a comma, quote or control character: '" + name + "'");
        }
        return name;
    }
}
