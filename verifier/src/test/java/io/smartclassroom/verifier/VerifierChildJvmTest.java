package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The verifier as a user runs it, in a child JVM with an environment of the test's making: the one-line errors for no
 * credentials and an unreachable endpoint, and a 1 GiB upload under {@code -Xmx128m}.
 */
class VerifierChildJvmTest {
    private static LocalCloud cloud;

    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3).withNotifications(List.of()));
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void withoutCredentialsItSaysSoInOneLineAndExitsTwo() throws Exception {
        Run run = verifier(noCredentials(), "256m", "--bucket", "some-bucket");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("verifier: no AWS credentials found; set AWS_PROFILE")
                .doesNotContain("ProviderChain");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsNamedWithItsVariable() throws Exception {
        Map<String, String> environment = localCloud();
        environment.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1");

        Run run = verifier(environment, "256m", "--bucket", "some-bucket");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("verifier: cannot reach http://127.0.0.1:1 (AWS_ENDPOINT_URL_S3):"
                + " connection refused; start the service there (e.g. the local cloud) or correct AWS_ENDPOINT_URL_S3");
    }

    @Test
    void aOneGibLectureUploadsInPartsUnder128MbOfHeapAndTheLocalCloudKeepsItOnDisk() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        long size = 1024L * 1024 * 1024;
        try (RandomAccessFile file = new RandomAccessFile(videos.resolve("lecture.mp4").toFile(), "rw")) {
            file.setLength(size); // sparse: no GiB written to the test's disk
            file.seek(size / 2);
            file.write("the middle of the lecture".getBytes(StandardCharsets.UTF_8));
        }
        String bucket = "big-" + System.nanoTime();
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));

            long start = System.nanoTime();
            Run run = verifier(localCloud(), "128m", "upload", "--bucket", bucket, "--progress", "lines", videos.toString());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("uploaded 1 of 1 videos (1.00 GiB)");
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("lecture.mp4"));
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.eTag()).matches("\"?[0-9a-f]{32}-128\"?"); // 128 parts of 8 MiB
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("lecture.mp4").range("bytes=" + size / 2 + "-"
                    + (size / 2 + 24))).asUtf8String()).isEqualTo("the middle of the lecture");
            // the local cloud stores the object as a file of its folder, not in this JVM's heap
            try (Stream<Path> files = Files.walk(cloud.s3Directory())) {
                assertThat(files.filter(Files::isRegularFile).filter(path -> path.toString().endsWith("lecture.mp4"))
                        .mapToLong(path -> path.toFile().length())).containsExactly(size);
            }
            System.out.println("1 GiB upload under -Xmx128m took " + seconds + " s");
        }
    }

    private Run verifier(Map<String, String> environment, String maxHeap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), VerifierCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(directory.resolve("out.txt").toFile())
                .redirectError(directory.resolve("err.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the verifier did not finish in 5 minutes");
        }
        return new Run(process.exitValue(), Files.readString(directory.resolve("out.txt")),
                Files.readString(directory.resolve("err.txt")));
    }

    /** An environment where the SDK's default chain finds nothing: no variables, no profile files, no IMDS. */
    private Map<String, String> noCredentials() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", directory.toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-credentials").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_ENDPOINT_URL_S3", cloud.s3Endpoint().toString());
        return environment;
    }

    private Map<String, String> localCloud() {
        Map<String, String> environment = noCredentials();
        environment.put("AWS_ACCESS_KEY_ID", LocalCloudOptions.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalCloudOptions.SECRET_KEY);
        return environment;
    }

    private static S3Client client() {
        return S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }
}
