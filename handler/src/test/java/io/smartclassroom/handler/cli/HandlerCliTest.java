package io.smartclassroom.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** handler.jar's usage errors: one line, exit code 2, pointing at the help. */
class HandlerCliTest {
    private record Run(int exitCode, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = HandlerCli.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), err.toString());
    }

    @Test
    void noCommandIsOneLine() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "handler: a command is required: enroll, identify, serve, frame or preload; see handler --help");
    }

    @Test
    void identifyWithoutEncodingsIsOneLineNamingTheSubcommand() {
        Run run = run("identify", "photo.jpg");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "handler: identify: Missing required option: '--encodings=FILE'; see handler identify --help");
    }
}
