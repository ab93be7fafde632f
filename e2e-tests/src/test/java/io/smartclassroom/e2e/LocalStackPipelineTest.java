package io.smartclassroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.verifier.SdkS3ClientFactory;
import io.smartclassroom.verifier.SdkS3TransferClientFactory;
import io.smartclassroom.verifier.SdkSqsClientFactory;
import io.smartclassroom.verifier.VerifierCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same end-to-end run against LocalStack in Docker, where S3's own bucket notification API delivers
 * the events (configured by provisioning without {@code --local-cloud}, with the queue policy). Skipped
 * where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineTest {
    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                    .withServices("s3", "sqs", "dynamodb", "sts", "iam");

    @TempDir
    static Path work;

    private static Assets assets;
    private static PipelineUnderTest pipeline;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() throws Exception {
        assets = Assets.required();
        String endpoint = LOCALSTACK.getEndpoint().toString();
        environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_S3", endpoint);
        environment.put("AWS_ENDPOINT_URL_SQS", endpoint);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        environment.put("AWS_ENDPOINT_URL_STS", endpoint);
        environment.put("AWS_ENDPOINT_URL_IAM", endpoint);
        environment.put("AWS_REGION", LOCALSTACK.getRegion());
        environment.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        environment.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        pipeline = PipelineUnderTest.start(assets, environment, false, work, 2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theCourseClipsComeOutAsTheExpectedCsvs() {
        PipelineUnderTest.run(VerifierCli.commandLine(new SdkS3ClientFactory(environment), new SdkSqsClientFactory(),
                        new SdkS3TransferClientFactory(environment)),
                "upload", "--bucket", PipelineUnderTest.NAMES.inputBucket(), "--progress", "none",
                assets.clips().toString());

        String report = PipelineUnderTest.run(VerifierCli.commandLine(new SdkS3ClientFactory(environment)),
                "--bucket", PipelineUnderTest.NAMES.outputBucket(),
                "--expected", assets.expectedCsv().toString(), "--wait", "300");

        assertThat(report).contains("8/8 correct");
    }
}
