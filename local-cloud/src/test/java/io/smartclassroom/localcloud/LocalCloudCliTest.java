package io.smartclassroom.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** local-cloud.jar's errors: one line on stderr and exit code 2 when it cannot start. */
class LocalCloudCliTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LocalCloudCli.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run("--services", "S3", "--s3-port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                    .startsWith("local-cloud: S3Proxy did not start: ");
            assertThat(run.out()).doesNotContain("export ");
        }
    }

    @Test
    void notifyingWithoutSqsIsAUsageErrorInOneLine() {
        Run run = run("--services", "S3", "--notify", "in=requests");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("local-cloud: --notify sends S3 events to SQS, which --services does"
                + " not start: add SQS to --services; see local-cloud --help");
    }

    @Test
    void aBadServiceNameIsAUsageErrorInOneLine() {
        Run run = run("--services", "S4");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("local-cloud: Invalid value for option '--services'")
                .endsWith("; see local-cloud --help");
    }
}
