package io.smartclassroom.common.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The error reporting of every jar's command line: whatever a command throws, and every usage error, is one line on
 * stderr, {@code <tool>: <what is wrong>; <what to do>}, with the exit code of {@link ExitCodes} ({@code 2}: could not
 * run). {@code -v}/{@code --verbose} on any command, or {@value #VERBOSE_VARIABLE}=1, also prints the stack trace.
 */
public final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Set to {@code 1} (or {@code true}) to print stack traces under the one-line errors. */
    public static final String VERBOSE_VARIABLE = "SMART_CLASSROOM_VERBOSE";
    private static final String VERBOSE = "--verbose";

    private final String tool;
    private final CliErrors errors;
    private final boolean verboseFromEnvironment;

    private OneLineErrors(String tool, Map<String, String> environment) {
        this.tool = requireNonNull(tool, "tool");
        this.errors = new CliErrors(environment);
        String verbose = environment.get(VERBOSE_VARIABLE);
        this.verboseFromEnvironment = verbose != null && (verbose.strip().equals("1") || verbose.strip().equalsIgnoreCase("true"));
    }

    /**
     * Adds {@code -v}/{@code --verbose} to {@code commandLine} and its subcommands and makes it report errors in one
     * line; call it after the subcommands are added. Returns {@code commandLine}.
     */
    public static CommandLine install(CommandLine commandLine, Map<String, String> environment) {
        requireNonNull(commandLine, "commandLine");
        OneLineErrors handler = new OneLineErrors(commandLine.getCommandName(), requireNonNull(environment, "environment"));
        if (!commandLine.getCommandSpec().optionsMap().containsKey(VERBOSE)) {
            commandLine.getCommandSpec().addOption(OptionSpec.builder("-v", VERBOSE)
                    .scopeType(ScopeType.INHERIT)
                    .description("On an error, also print the stack trace (or set " + VERBOSE_VARIABLE + "=1).")
                    .build());
        }
        commandLine.setExecutionExceptionHandler(handler);
        commandLine.setParameterExceptionHandler(handler);
        return commandLine;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        CliFailure failure = errors.describe(error, parseResult);
        PrintWriter err = command.getErr();
        err.println(failure.line(tool));
        if (verbose(parseResult)) {
            error.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(new CliFailure(name.equals(tool) ? error.getMessage() : command.getCommandName() + ": " + error.getMessage(),
                "see " + name + " --help", ExitCodes.CANNOT_RUN).line(tool));
        err.flush();
        return ExitCodes.CANNOT_RUN;
    }

    private boolean verbose(ParseResult parseResult) {
        if (verboseFromEnvironment) {
            return true;
        }
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
