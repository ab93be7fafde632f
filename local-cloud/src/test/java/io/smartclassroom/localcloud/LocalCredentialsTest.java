package io.smartclassroom.localcloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Each run of the local cloud has credentials of its own: S3 takes only those, the env file alone holds the secret. */
class LocalCredentialsTest {
    @TempDir
    Path tempDir;

    @Test
    void randomCredentialsDifferEachTimeAndHideTheirSecret() {
        LocalCredentials first = LocalCredentials.random();
        LocalCredentials second = LocalCredentials.random();

        assertThat(first.accessKeyId()).matches("LOCAL[A-Z2-7]{15}");
        assertThat(first.secretAccessKey()).matches("[A-Za-z0-9_-]{40}");
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.secretAccessKey()).isNotEqualTo(first.secretAccessKey());
        assertThat(first.toString()).contains(first.accessKeyId()).doesNotContain(first.secretAccessKey());
    }

    @Test
    void s3AcceptsOnlyTheCloudsOwnCredentialsAndTheEnvironmentCarriesThem() throws IOException {
        LocalCredentials credentials = LocalCredentials.random();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3).withNotifications(List.of())
                .withCredentials(credentials));
                S3Client right = s3(cloud, credentials);
                S3Client test = s3(cloud, LocalCredentials.TEST)) {
            right.createBucket(b -> b.bucket("videos"));
            right.putObject(b -> b.bucket("videos").key("a.mp4"), RequestBody.fromString("abc"));

            assertThatThrownBy(() -> test.headObject(b -> b.bucket("videos").key("a.mp4")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThat(right.headObject(b -> b.bucket("videos").key("a.mp4")).contentLength()).isEqualTo(3);
            assertThat(cloud.credentials()).isEqualTo(credentials);
            assertThat(cloud.environment())
                    .containsEntry("AWS_ACCESS_KEY_ID", credentials.accessKeyId())
                    .containsEntry("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        }
    }

    @Test
    void theCommandLineWritesANewSecretEachRunToAnOwnerOnlyEnvFileAndDoesNotPrintIt() throws Exception {
        Map<String, String> first = runCli(tempDir.resolve("first.env"));
        Map<String, String> second = runCli(tempDir.resolve("second.env"));

        assertThat(first.get("AWS_SECRET_ACCESS_KEY")).isNotBlank().isNotEqualTo("test")
                .isNotEqualTo(second.get("AWS_SECRET_ACCESS_KEY"));
        assertThat(first.get("AWS_ACCESS_KEY_ID")).isNotEqualTo(second.get("AWS_ACCESS_KEY_ID"));
    }

    /** Runs {@code local-cloud --services SQS --env-file FILE}, reads the file while it runs, stops it; the file's variables. */
    private static Map<String, String> runCli(Path envFile) throws Exception {
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalCloudCli.class.getName(),
                "--services", "SQS", "--env-file", envFile.toString())
                .redirectErrorStream(true).start();
        try {
            List<String> printed = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                printed.add(line);
                if (line.startsWith("# local cloud running")) {
                    break;
                }
            }
            assertThat(printed).as("the CLI's output").anyMatch(line -> line.startsWith("# local cloud running"));
            // The file is written just after that line.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(envFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.getPosixFilePermissions(envFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Map<String, String> variables = new HashMap<>();
            for (String line : Files.readAllLines(envFile, UTF_8)) {
                assertThat(line).startsWith("export ");
                String assignment = line.substring("export ".length());
                variables.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            }
            String secret = variables.get("AWS_SECRET_ACCESS_KEY");
            assertThat(secret).isNotBlank();
            assertThat(String.join("\n", printed)).doesNotContain(secret)
                    .contains("export AWS_ACCESS_KEY_ID=" + variables.get("AWS_ACCESS_KEY_ID"))
                    .contains("# export AWS_SECRET_ACCESS_KEY=... (in " + envFile + ")");
            return variables;
        } finally {
            cli.destroy();
            assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static S3Client s3(LocalCloud cloud, LocalCredentials credentials) {
        return S3Client.builder().endpointOverride(cloud.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .build();
    }
}
