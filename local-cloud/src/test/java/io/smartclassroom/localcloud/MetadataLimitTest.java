package io.smartclassroom.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The local S3 refuses user metadata over 2 KB as S3 does (400 MetadataTooLarge), and takes it up to the limit. */
class MetadataLimitTest {
    private static LocalCloud cloud;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3).withNotifications(java.util.List.of()));
        s3 = S3Client.builder().endpointOverride(cloud.s3Endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)))
                .forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket("meta"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aPutObjectWithMoreThanTwoKilobytesOfMetadataFailsWithMetadataTooLarge() {
        // 2.1 KB: two values of 1,050 bytes and their names
        Map<String, String> metadata = Map.of("source", "s".repeat(1050), "reason", "r".repeat(1050));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("meta").key("big.csv").metadata(metadata),
                RequestBody.fromString("name,major,year\n")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MetadataTooLarge");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("meta").key("big.csv")))
                .as("nothing was written").isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.createMultipartUpload(b -> b.bucket("meta").key("big-parts.csv").metadata(metadata)))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MetadataTooLarge"));
    }

    @Test
    void metadataUpToTheLimitIsStoredWhole() {
        // 6 + 2,042 = 2,048 bytes exactly
        Map<String, String> metadata = Map.of("source", "s".repeat(2042));

        s3.putObject(b -> b.bucket("meta").key("fits.csv").metadata(metadata), RequestBody.fromString("x"));

        assertThat(s3.headObject(b -> b.bucket("meta").key("fits.csv")).metadata()).isEqualTo(metadata);
        assertThat(MetadataLimitBlobStore.userMetadataBytes(Map.of("ü", "é"))).isEqualTo(4);
    }
}
