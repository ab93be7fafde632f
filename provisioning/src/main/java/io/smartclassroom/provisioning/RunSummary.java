package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of the outcomes of one command, and its closing line. */
public record RunSummary(Command command, Map<Outcome, Integer> counts) {
    public RunSummary {
        requireNonNull(command, "command");
        counts = Map.copyOf(requireNonNull(counts, "counts"));
    }

    public static RunSummary of(Command command, List<ResourceReport> reports) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (ResourceReport report : reports) {
            counts.merge(report.outcome(), 1, Integer::sum);
        }
        return new RunSummary(command, counts);
    }

    public int count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    public boolean failed() {
        return count(Outcome.FAILED) > 0;
    }

    /** E.g. {@code up: 9 created, 0 updated, 1 unchanged}. */
    public String line() {
        List<String> parts = new ArrayList<>();
        switch (command) {
            case PLAN -> {
                parts.add(count(Outcome.WOULD_CREATE) + " to create");
                parts.add(count(Outcome.WOULD_UPDATE) + " to update");
                parts.add(count(Outcome.NO_CHANGE) + " unchanged");
            }
            case UP -> {
                parts.add(count(Outcome.CREATED) + " created");
                parts.add(count(Outcome.UPDATED) + " updated");
                parts.add(count(Outcome.UNCHANGED) + " unchanged");
            }
            case STATUS -> {
                parts.add(count(Outcome.PRESENT) + " present");
                parts.add(count(Outcome.DIFFERS) + " differ");
                parts.add(count(Outcome.ABSENT) + " absent");
            }
            case DOWN -> {
                parts.add(count(Outcome.DELETED) + " deleted");
                parts.add(count(Outcome.ABSENT) + " absent");
            }
        }
        if (failed()) {
            parts.add(count(Outcome.FAILED) + " failed");
        }
        if (count(Outcome.SKIPPED) > 0) {
            parts.add(count(Outcome.SKIPPED) + " skipped");
        }
        return command.label() + ": " + String.join(", ", parts);
    }
}
