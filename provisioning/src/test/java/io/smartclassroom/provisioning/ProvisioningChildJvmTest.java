package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * provisioning.jar's errors as a user sees them, in a child JVM with an environment of the test's making: without
 * credentials {@code plan} says so once (it used to print the SDK's credential-chain dump once per resource, 13
 * times), and an endpoint nobody listens on is named with its variable. No request leaves the machine: credentials
 * are resolved before any connection, IMDS is disabled, and the endpoints are closed ports on 127.0.0.1.
 */
class ProvisioningChildJvmTest {
    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @Test
    void planWithoutCredentialsSaysSoOnceInOneLineAndExitsTwo() throws Exception {
        Run run = provisioning(noCredentials(), "plan", "--data", StudentDataFileTest.PROJECT_DATA.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).containsExactly("provisioning: no AWS credentials found; set AWS_PROFILE"
                + " (a profile in ~/.aws/credentials or ~/.aws/config), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                + " or run where an instance or container role is available");
        assertThat(run.out()).doesNotContain("Unable to load credentials");
    }

    @Test
    void statusAgainstALocalCloudThatIsNotRunningNamesTheEndpointOnce() throws Exception {
        Map<String, String> environment = noCredentials();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1");
        environment.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:2");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:3");

        Run run = provisioning(environment, "status", "--local-cloud", "--data", StudentDataFileTest.PROJECT_DATA.toString(),
                "--output", "json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).matches("provisioning: cannot reach http://127\\.0\\.0\\.1:[123]"
                + " \\(AWS_ENDPOINT_URL_(S3|SQS|DYNAMODB)\\): connection refused; start the service there"
                + " \\(e\\.g\\. the local cloud\\) or correct AWS_ENDPOINT_URL_(S3|SQS|DYNAMODB)");
        assertThat(run.out()).isEmpty();
    }

    private Run provisioning(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProvisioningCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(directory.resolve("out.txt").toFile())
                .redirectError(directory.resolve("err.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("provisioning did not finish in 3 minutes");
        }
        return new Run(process.exitValue(), Files.readString(directory.resolve("out.txt")),
                Files.readString(directory.resolve("err.txt")));
    }

    /** Nothing for the SDK's default credential chain to find: no variables, no profile files, no IMDS. */
    private Map<String, String> noCredentials() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", directory.toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-credentials").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        return environment;
    }
}
