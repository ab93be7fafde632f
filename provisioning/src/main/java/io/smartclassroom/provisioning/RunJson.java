package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON document of {@code plan --output json} and {@code status --output json}: every resource with its outcome,
 * the counts, the summary line and whether anything failed (as the exit code says). {@code userData} is there only
 * with {@code --show-user-data} (secrets redacted).
 */
record RunJson(String command, List<ResourceJson> resources, Map<String, Integer> counts, String summary, boolean failed,
        String userData) {

    /** One resource: its kind and name, what the command found or would do ({@code would-create}, ...), the line's text. */
    record ResourceJson(String kind, String name, String outcome, String text) {}

    static RunJson of(Command command, List<ResourceReport> reports, String userData) {
        requireNonNull(command, "command");
        RunSummary summary = RunSummary.of(command, reports);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            if (summary.count(outcome) > 0) {
                counts.put(label(outcome), summary.count(outcome));
            }
        }
        List<ResourceJson> resources = reports.stream()
                .map(report -> new ResourceJson(report.kind(), report.name(), label(report.outcome()), report.text()))
                .toList();
        return new RunJson(command.label(), resources, counts, summary.line(), summary.failed(), userData);
    }

    /** {@code WOULD_CREATE} → {@code would-create}. */
    static String label(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
