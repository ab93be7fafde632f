package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import java.util.Optional;
import java.util.Set;

/** The verdict on one video's result. */
public record VideoCheck(String video, Status status, Set<StudentRow> expected, Optional<ResultCsv> got) {
    public enum Status {
        OK("ok"),
        WRONG("wrong"),
        MISSING("missing");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public VideoCheck {
        requireNonNull(video, "video");
        requireNonNull(status, "status");
        expected = Set.copyOf(requireNonNull(expected, "expected"));
        requireNonNull(got, "got");
    }

    /** What to show after the status: expected and got for a wrong result, the missing key for a missing one. */
    public String detail() {
        return switch (status) {
            case OK -> "";
            case MISSING -> "no " + ResultKeys.csvKey(video) + "; expected " + StudentRow.describe(expected);
            case WRONG -> "expected " + StudentRow.describe(expected) + "; got "
                    + got.map(csv -> csv.problem().orElse(StudentRow.describe(csv.rows()))).orElse("nothing");
        };
    }
}
