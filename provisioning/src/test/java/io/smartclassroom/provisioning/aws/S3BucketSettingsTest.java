package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.NoDelayServerSockets;
import io.smartclassroom.provisioning.Outcome;
import io.smartclassroom.provisioning.Provisioner;
import io.smartclassroom.provisioning.ResourceReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bucket's public access block, default encryption and tag against one bucket as the S3 REST API answers for it
 * (XML, {@code ?publicAccessBlock}, {@code ?encryption}, {@code ?tagging} sub-resources, 404 with
 * NoSuchPublicAccessBlockConfiguration / ServerSideEncryptionConfigurationNotFoundError / NoSuchTagSet).
 */
class S3BucketSettingsTest {
    private static final Pattern TAG = Pattern.compile("<Tag><Key>([^<]*)</Key><Value>([^<]*)</Value></Tag>");

    /** One existing bucket; null settings are unset. */
    private static final class FakeBucket extends Dispatcher {
        Boolean blocked;
        String encryption;
        Map<String, String> tags;
        String policy;
        final List<String> writes = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            String body = request.getBody().readUtf8();
            if (request.getMethod().equals("HEAD")) {
                return new MockResponse().setResponseCode(200);
            }
            String sub = path.contains("?") ? path.substring(path.indexOf('?') + 1).replace("=", "") : "";
            if (request.getMethod().equals("PUT")) {
                writes.add("PUT ?" + sub);
                bodies.add(body);
                switch (sub) {
                    case "publicAccessBlock" -> blocked = body.contains("<BlockPublicAcls>true</BlockPublicAcls>")
                            && body.contains("<IgnorePublicAcls>true</IgnorePublicAcls>")
                            && body.contains("<BlockPublicPolicy>true</BlockPublicPolicy>")
                            && body.contains("<RestrictPublicBuckets>true</RestrictPublicBuckets>");
                    case "encryption" -> encryption = body.contains("<SSEAlgorithm>AES256</SSEAlgorithm>") ? "AES256" : "?";
                    case "tagging" -> {
                        tags = new TreeMap<>();
                        Matcher tag = TAG.matcher(body);
                        while (tag.find()) {
                            tags.put(tag.group(1), tag.group(2));
                        }
                    }
                    case "policy" -> policy = body;
                    default -> {
                        return error(400, "InvalidRequest");
                    }
                }
                return new MockResponse().setResponseCode(200);
            }
            return switch (sub) {
                case "publicAccessBlock" -> blocked == null ? error(404, "NoSuchPublicAccessBlockConfiguration") : xml(
                        "<PublicAccessBlockConfiguration><BlockPublicAcls>" + blocked + "</BlockPublicAcls><IgnorePublicAcls>"
                                + blocked + "</IgnorePublicAcls><BlockPublicPolicy>" + blocked + "</BlockPublicPolicy>"
                                + "<RestrictPublicBuckets>" + blocked + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
                case "encryption" -> encryption == null ? error(404, "ServerSideEncryptionConfigurationNotFoundError") : xml(
                        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>" + encryption
                                + "</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>"
                                + "</Rule></ServerSideEncryptionConfiguration>");
                case "tagging" -> tags == null ? error(404, "NoSuchTagSet") : xml("<Tagging><TagSet>"
                        + String.join("", tags.entrySet().stream().map(tag -> "<Tag><Key>" + tag.getKey() + "</Key><Value>"
                                + tag.getValue() + "</Value></Tag>").toList()) + "</TagSet></Tagging>");
                case "policy" -> policy == null ? error(404, "NoSuchBucketPolicy")
                        : new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(policy);
                default -> error(400, "InvalidRequest");
            };
        }

        private static MockResponse xml(String body) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/xml")
                    .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
        }

        private static MockResponse error(int status, String code) {
            return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/xml")
                    .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                            + "</Message><BucketName>videos</BucketName><RequestId>R1</RequestId></Error>");
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final FakeBucket bucket = new FakeBucket();
    private S3Client s3;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(bucket);
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
        s3 = S3Client.builder().endpointOverride(server.url("/").uri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        s3.close();
        server.shutdown();
    }

    @Test
    void anOpenUntaggedBucketIsBlockedAndTaggedKeepingItsTagsAndItsEncryption() {
        bucket.encryption = "AES256";
        bucket.tags = new TreeMap<>(Map.of("team", "teachers"));

        List<ResourceReport> plan = provisioner().plan();
        List<ResourceReport> up = provisioner().up();

        assertThat(plan.get(0).line()).isEqualTo("bucket videos: would update: public access not blocked;"
                + " tag managed-by=smart-classroom missing; bucket policy does not deny non-TLS access");
        assertThat(up.get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(bucket.writes).containsExactly("PUT ?publicAccessBlock", "PUT ?tagging", "PUT ?policy");
        assertThat(bucket.blocked).isTrue();
        assertThat(bucket.tags).isEqualTo(Map.of("team", "teachers", "managed-by", "smart-classroom"));

        bucket.writes.clear();
        List<ResourceReport> again = provisioner().up();
        assertThat(again.get(0).line()).isEqualTo("bucket videos: exists (public access blocked, SSE-S3 default encryption,"
                + " tagged managed-by=smart-classroom, policy denies non-TLS access)");
        assertThat(bucket.writes).isEmpty();
    }

    @Test
    void kmsOrNoDefaultEncryptionBecomesSseS3() {
        bucket.blocked = true;
        bucket.tags = new TreeMap<>(ManagedTag.asMap());
        bucket.encryption = "aws:kms";
        bucket.policy = TLS_ONLY;

        List<ResourceReport> up = provisioner().up();

        assertThat(up.get(0).line()).isEqualTo("bucket videos: updated: default encryption is aws:kms, not SSE-S3 (AES256)");
        assertThat(bucket.writes).containsExactly("PUT ?encryption");
        assertThat(bucket.encryption).isEqualTo("AES256");

        bucket.encryption = null;
        assertThat(provisioner().plan().get(0).line()).isEqualTo("bucket videos: would update: default encryption is off, not SSE-S3 (AES256)");
    }

    @Test
    void theBucketPolicyDeniesPlainHttpAndAnotherPolicyIsReplaced() throws Exception {
        bucket.blocked = true;
        bucket.encryption = "AES256";
        bucket.tags = new TreeMap<>(ManagedTag.asMap());

        assertThat(provisioner().plan().get(0).line()).isEqualTo("bucket videos: would update: bucket policy does not deny non-TLS access");
        provisioner().up();
        assertThat(bucket.writes).containsExactly("PUT ?policy");
        assertThat(new ObjectMapper().readTree(bucket.policy)).isEqualTo(new ObjectMapper().readTree(TLS_ONLY));

        // the same policy as AWS may give it back (lists in another order, a one-element list for a value) is the same
        bucket.writes.clear();
        bucket.policy = """
                {"Version":"2012-10-17","Id":"videos-tls-only","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny",
                "Principal":{"AWS":["*"]},"Action":["s3:*"],"Resource":["arn:aws:s3:::videos/*","arn:aws:s3:::videos"],
                "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
        assertThat(provisioner().up().get(0).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(bucket.writes).isEmpty();

        // one that allows plain HTTP is replaced
        bucket.policy = TLS_ONLY.replace("\"false\"", "\"true\"");
        assertThat(provisioner().plan().get(0).line()).isEqualTo("bucket videos: would update: bucket policy does not deny non-TLS access");
        provisioner().up();
        assertThat(new ObjectMapper().readTree(bucket.policy)).isEqualTo(new ObjectMapper().readTree(TLS_ONLY));
    }

    private static final String TLS_ONLY = """
            {"Version":"2012-10-17","Id":"videos-tls-only","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny",\
            "Principal":{"AWS":"*"},"Action":"s3:*","Resource":["arn:aws:s3:::videos","arn:aws:s3:::videos/*"],\
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

    private Provisioner provisioner() {
        return new Provisioner(List.of(new S3Bucket(s3, "videos", Optional.empty(), true)), report -> { });
    }
}
