package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

/** One printed line: a resource and what happened to it. */
public record ResourceReport(String kind, String name, Outcome outcome, String text) {
    public ResourceReport {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        requireNonNull(outcome, "outcome");
        requireNonNull(text, "text");
    }

    /** {@code kind name: text}, e.g. {@code bucket smart-classroom-input: created}. */
    public String line() {
        return kind + " " + name + ": " + text;
    }
}
