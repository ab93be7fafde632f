package io.smartclassroom.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.localcloud.Service;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Startup: where the encodings come from, and clear errors when a setting points at nothing. */
class HandlerRuntimeTest {
    private static LocalAws aws;
    private static S3Client s3;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start(Service.S3);
        s3 = aws.s3Client();
        s3.createBucket(b -> b.bucket("config"));
        s3.putObject(b -> b.bucket("config").key("enrolled/encodings v1.json"), RequestBody.fromString("{\"students\":[]}"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void encodingsInS3AreDownloadedToTheTemporaryFolder() throws Exception {
        Path file = HandlerRuntime.encodingsFile(
                EncodingsLocation.parse("s3://config/enrolled/encodings v1.json"), s3, tempDir);

        assertThat(file).startsWith(tempDir).hasFileName("encodings v1.json");
        assertThat(Files.readString(file, UTF_8)).isEqualTo("{\"students\":[]}");
    }

    @Test
    void encodingsThatDoNotExistAreAStartupErrorNamingTheSetting() {
        assertThatThrownBy(() -> HandlerRuntime.encodingsFile(EncodingsLocation.parse("s3://config/missing.json"), s3, tempDir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ENCODINGS s3://config/missing.json does not exist");
        assertThatThrownBy(() -> HandlerRuntime.encodingsFile(EncodingsLocation.parse("s3://no-bucket/e.json"), s3, tempDir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ENCODINGS s3://no-bucket/e.json does not exist");
        Path missing = tempDir.resolve("nothing.json");
        assertThatThrownBy(() -> HandlerRuntime.encodingsFile(EncodingsLocation.parse(missing.toString()), s3, tempDir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ENCODINGS " + missing + " is not a readable file");
    }

    @Test
    void aLocalEncodingsFileIsUsedWhereItIs() throws Exception {
        Path file = Files.writeString(tempDir.resolve("encodings.json"), "{}");

        assertThat(HandlerRuntime.encodingsFile(EncodingsLocation.parse(file.toString()), s3, tempDir)).isEqualTo(file);
    }

    @Test
    void aModelsFolderThatDoesNotExistIsAStartupError() throws Exception {
        Path encodings = Files.writeString(tempDir.resolve("encodings.json"), "{}");
        HandlerConfig config = new HandlerConfig("out", "students", "name-index",
                new EncodingsLocation.LocalFile(encodings), tempDir.resolve("no-models"), "sface", 2, java.time.Duration.ofSeconds(60), true);

        // The runtime fails before it uses DynamoDB, so a client pointed at a closed port does.
        DynamoDbClient unused = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        assertThatThrownBy(() -> HandlerRuntime.start(config, 1, aws.s3Client(), unused))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("MODELS_DIR " + tempDir.resolve("no-models") + " is not a directory");
    }
}
