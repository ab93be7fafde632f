package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What {@link Resource#inspect()} found. */
public sealed interface ResourceState {

    /** Not there; {@code detail} says what creating it would make (may be empty). */
    record Absent(String detail) implements ResourceState {
        public Absent {
            requireNonNull(detail, "detail");
        }
    }

    /** There and as wanted; {@code detail} describes it (may be empty). */
    record Present(String detail) implements ResourceState {
        public Present {
            requireNonNull(detail, "detail");
        }
    }

    /** There but not as wanted; each difference is one short phrase. */
    record Differs(List<String> differences) implements ResourceState {
        public Differs {
            differences = List.copyOf(requireNonNull(differences, "differences"));
            if (differences.isEmpty()) {
                throw new IllegalArgumentException("a resource that differs needs at least one difference");
            }
        }
    }

    /** Not managed through this tool here (e.g. delivered by the local cloud); {@code note} says why. */
    record Unmanaged(String note) implements ResourceState {
        public Unmanaged {
            requireNonNull(note, "note");
        }
    }
}
