package io.smartclassroom.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;

class OneLineErrorsTest {
    /** The SDK's message when the default chain finds nothing: several lines, about 1.2 KB. */
    private static final String CHAIN_DUMP = "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
            + " EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(),"
            + " ProfileCredentialsProvider(profileName=default, profileFile=ProfileFile(sections=[])),"
            + " ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) :\n"
            + " [SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must be"
            + " specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).,\n"
            + " EnvironmentVariableCredentialsProvider(): Unable to load credentials from system settings.,\n"
            + " ProfileCredentialsProvider(profileName=default): Profile file contained no credentials for profile 'default',\n"
            + " InstanceProfileCredentialsProvider(): Failed to load credentials from IMDS.]";

    @Command(name = "tool", subcommands = Tool.Read.class)
    static final class Tool implements Runnable {
        static Exception toThrow;

        @Override
        public void run() {}

        @Command(name = "read")
        static final class Read implements Callable<Integer> {
            @Option(names = "--expected")
            Path expected;

            @Option(names = "--count")
            int count;

            @Mixin
            OutputOption output;

            @Override
            public Integer call() throws Exception {
                if (expected != null) {
                    Files.readAllBytes(expected);
                }
                if (toThrow != null) {
                    throw toThrow;
                }
                return output.json() ? 5 : 0;
            }
        }
    }

    private record Run(int exitCode, String err) {
        List<String> lines() {
            return err.lines().toList();
        }
    }

    private static Run run(Map<String, String> environment, Exception toThrow, String... args) {
        Tool.toThrow = toThrow;
        StringWriter err = new StringWriter();
        CommandLine commandLine = OneLineErrors.install(new CommandLine(new Tool()), environment);
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), err.toString());
    }

    @Test
    void missingCredentialsAreOneLineSayingWhatToSet() {
        Run run = run(Map.of(), SdkClientException.create(CHAIN_DUMP), "read");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CANNOT_RUN);
        assertThat(run.lines()).hasSize(1);
        assertThat(run.lines().get(0)).startsWith("tool: no AWS credentials found; set AWS_PROFILE")
                .contains("AWS_ACCESS_KEY_ID").doesNotContain("AwsCredentialsProviderChain");
    }

    @Test
    void aRefusedConnectionNamesTheEndpointAndTheVariableThatSetIt() {
        SdkClientException refused = SdkClientException.create(
                "Unable to execute HTTP request: Connect to 127.0.0.1:1 [/127.0.0.1] failed: Connection refused",
                new ConnectException("Connection refused"));

        Run run = run(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9"),
                refused, "read");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).containsExactly("tool: cannot reach http://127.0.0.1:1 (AWS_ENDPOINT_URL_S3): connection refused;"
                + " start the service there (e.g. the local cloud) or correct AWS_ENDPOINT_URL_S3");
    }

    @Test
    void anUnknownHostWithNoOverrideSaysWhichVariableWouldSetIt() {
        SdkClientException unknown = SdkClientException.create("Unable to execute HTTP request: nowhere.invalid",
                new UnknownHostException("nowhere.invalid: Name or service not known"));

        Run run = run(Map.of(), unknown, "read");

        assertThat(run.lines()).containsExactly("tool: cannot reach nowhere.invalid: unknown host; check the network,"
                + " or set AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_S3) to the service's endpoint");
    }

    @Test
    void aMissingFileNamesThePathAndTheOption() {
        Run run = run(Map.of(), null, "read", "--expected", "/missing.csv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).containsExactly(
                "tool: --expected /missing.csv: no such file or directory; check the path given to --expected");
    }

    @Test
    void theProjectsOwnExceptionsAreTheirMessageOnOneLine() {
        Run run = run(Map.of(), new io.smartclassroom.common.S3EventFormatException("not an S3 event:\nno Records"), "read");

        assertThat(run.lines()).containsExactly("tool: not an S3 event: no Records");
    }

    @Test
    void verboseAddsTheStackTraceOnlyWhenAsked() {
        Exception missing = new NoSuchFileException("/x");
        Run quiet = run(Map.of(), missing, "read");
        Run flag = run(Map.of(), missing, "read", "--verbose");
        Run shortFlag = run(Map.of(), missing, "read", "-v");
        Run variable = run(Map.of(OneLineErrors.VERBOSE_VARIABLE, "1"), missing, "read");

        assertThat(quiet.lines()).containsExactly("tool: /x: no such file or directory; check the path");
        for (Run verbose : List.of(flag, shortFlag, variable)) {
            assertThat(verbose.lines().get(0)).isEqualTo("tool: /x: no such file or directory; check the path");
            assertThat(verbose.err()).contains("java.nio.file.NoSuchFileException: /x").contains("\tat ");
        }
    }

    @Test
    void anythingElseNamesItsTypeAndPointsAtVerbose() {
        Run run = run(Map.of(), new IllegalStateException("boom"), "read");

        assertThat(run.lines()).containsExactly("tool: unexpected java.lang.IllegalStateException: boom;"
                + " run again with --verbose for the stack trace, and report it");
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() {
        Run unknownOption = run(Map.of(), null, "read", "--frobnicate");
        Run badOutput = run(Map.of(), null, "read", "--output", "yaml");

        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.lines()).containsExactly("tool: read: Unknown option: '--frobnicate'; see tool read --help");
        assertThat(badOutput.exitCode()).isEqualTo(2);
        assertThat(badOutput.lines()).hasSize(1);
        assertThat(badOutput.lines().get(0)).contains("--output").contains("must be text or json, got 'yaml'");
    }

    @Test
    void outputJsonIsParsedCaseInsensitively() {
        assertThat(run(Map.of(), null, "read", "--output", "JSON").exitCode()).isEqualTo(5);
        assertThat(run(Map.of(), null, "read").exitCode()).isZero();
    }

    @Test
    void environmentalFailuresAreRecognised() {
        assertThat(CliErrors.isEnvironmental(SdkClientException.create(CHAIN_DUMP))).isTrue();
        assertThat(CliErrors.isEnvironmental(SdkClientException.create("x", new ConnectException("refused")))).isTrue();
        assertThat(CliErrors.isEnvironmental(SdkClientException.create("The bucket is gone"))).isFalse();
    }
}
