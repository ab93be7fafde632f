package io.smartclassroom.handler.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smartclassroom.handler.cli.HandlerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code handler serve} as a command line; {@link LocalInvokeServerEndToEndTest} runs it as a process. */
class ServeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new HandlerCli());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void helpDescribesTheOptionsAndTheEnvironment() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--port", "--workers", "--function-name", "ENCODINGS", "Invoke API",
                "--queue-depth", "--timeout", "AWS_LAMBDA_FUNCTION_TIMEOUT", "429 TooManyRequestsException", "Sandbox.Timedout",
                "SERVE_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "Signature Version 4", "415");
    }

    @Test
    void aMissingSettingStopsStartupWithAOneLineReason() {
        assumeTrue(System.getenv("ENCODINGS") == null, "ENCODINGS is set in this environment");
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null,
                "no AWS credentials in this environment: serve stops earlier, for want of credentials to check callers against");

        assertThat(run("serve", "--port", "0", "--workers", "1")).isEqualTo(1);
        assertThat(err.toString().strip())
                .startsWith("serve: cannot start the function: invalid handler configuration: ENCODINGS is not set")
                .doesNotContain("\n");
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void badOptionValuesAreRejected() {
        assertThat(run("serve", "--workers", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--workers must be at least 1");
        assertThat(run("serve", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be 0..65535");
        assertThat(run("serve", "--workers", "2", "--queue-depth", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--queue-depth must be at least 0, got -1");
        assertThat(run("serve", "--timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be whole seconds 1..900, got '0'");
        assertThat(run("serve", "--timeout", "901")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be whole seconds 1..900, got '901'");
        assertThat(run("serve", "--timeout", "2.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be whole seconds 1..900, got '2.5'");
    }
}
