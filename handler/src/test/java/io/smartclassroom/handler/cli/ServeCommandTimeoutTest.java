package io.smartclassroom.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Where {@code serve} takes the function timeout from: {@code --timeout}, else AWS_LAMBDA_FUNCTION_TIMEOUT. */
class ServeCommandTimeoutTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        CommandLine command = new CommandLine(new ServeCommand(environment));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aBadTimeoutInTheEnvironmentIsRejectedNamingTheVariable() {
        assertThat(run(Map.of(ServeCommand.TIMEOUT_VARIABLE, "15m"), "--workers", "1")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("serve: AWS_LAMBDA_FUNCTION_TIMEOUT must be whole seconds 1..900, got '15m'");
    }

    @Test
    void theOptionWinsOverTheEnvironmentAndAGoodValueGetsPastTheChecks() {
        assumeTrue(System.getenv("ENCODINGS") == null, "ENCODINGS is set in this environment");

        // A good timeout passes the option checks, so startup gets as far as the handler's own configuration.
        assertThat(run(Map.of(ServeCommand.TIMEOUT_VARIABLE, "not-a-number", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"),
                "--workers", "1", "--timeout", "5")).isEqualTo(1);
        assertThat(err.toString()).contains("serve: cannot start the function:").doesNotContain(ServeCommand.TIMEOUT_VARIABLE);
        assertThat(run(Map.of(ServeCommand.TIMEOUT_VARIABLE, " 60 ", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"),
                "--workers", "1")).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("must be whole seconds");
    }

    @Test
    void withoutCredentialsToCheckCallersAgainstServeDoesNotStart() {
        assertThat(run(Map.of(), "--workers", "1")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("serve: no credentials to check callers' signatures against: set "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_ACCESS_KEY_ID is not set), e.g. by sourcing the local cloud's env file");
        err.getBuffer().setLength(0);

        // One of the two SERVE_ variables is set: both are needed; the AWS_ ones are not taken instead.
        assertThat(run(Map.of(ServeCommand.ACCESS_KEY_ID_VARIABLE, "caller", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"),
                "--workers", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("set SERVE_ACCESS_KEY_ID and SERVE_SECRET_ACCESS_KEY (SERVE_SECRET_ACCESS_KEY is not set)");
    }

    @Test
    void theServeVariablesAloneAreEnoughCredentials() {
        assumeTrue(System.getenv("ENCODINGS") == null, "ENCODINGS is set in this environment");

        assertThat(run(Map.of(ServeCommand.ACCESS_KEY_ID_VARIABLE, "caller", ServeCommand.SECRET_ACCESS_KEY_VARIABLE, "secret"),
                "--workers", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("serve: cannot start the function:").doesNotContain("credentials");
    }
}
