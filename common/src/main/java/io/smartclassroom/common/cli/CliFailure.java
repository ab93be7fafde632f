package io.smartclassroom.common.cli;

import static java.util.Objects.requireNonNull;

/**
 * What went wrong, in one sentence, and what to do about it: printed as {@code <tool>: <problem>; <remedy>} with
 * {@code exitCode}. {@code remedy} may be empty when the problem already says it.
 */
public record CliFailure(String problem, String remedy, int exitCode) {
    private static final int MAX_LENGTH = 600;

    public CliFailure {
        problem = oneLine(requireNonNull(problem, "problem"));
        remedy = oneLine(requireNonNull(remedy, "remedy"));
    }

    /** The one line, e.g. {@code provisioning: no AWS credentials found; set AWS_PROFILE or ...}. */
    public String line(String tool) {
        String text = remedy.isEmpty() ? problem : problem + "; " + remedy;
        return requireNonNull(tool, "tool") + ": " + text;
    }

    /** {@code text} with its line breaks (and the spaces around them) turned into one space, cut at 600 characters. */
    public static String oneLine(String text) {
        String single = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return single.length() <= MAX_LENGTH ? single : single.substring(0, MAX_LENGTH) + "…";
    }
}
