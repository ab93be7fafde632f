package io.smartclassroom.handler.cli;

import io.smartclassroom.common.cli.JarVersion;
import io.smartclassroom.common.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar handler.jar enroll|identify|serve}: the handler's command lines. */
@Command(
        name = "handler",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        description = "Face recognition for classroom videos: enroll students, identify faces, serve the function locally.",
        subcommands = {
            EnrollCommand.class, IdentifyCommand.class, ServeCommand.class, FrameCommand.class, PreloadCommand.class
        })
public final class HandlerCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: enroll, identify, serve, frame or preload");
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** Every command with one-line errors (exit 2: could not run); see the README's exit codes. */
    static CommandLine commandLine(java.util.Map<String, String> environment) {
        return OneLineErrors.install(new CommandLine(new HandlerCli()), environment);
    }
}
