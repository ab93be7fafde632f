package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleResponse;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The retention rules exactly as S3 receives them, and how a bucket's existing rules are compared and kept. */
class BucketLifecycleTest {

    /** A bucket's lifecycle configuration, as GetBucketLifecycleConfiguration and its Put and Delete see it. */
    private static final class FakeS3 implements S3Client {
        List<LifecycleRule> rules; // null: NoSuchLifecycleConfiguration
        final List<PutBucketLifecycleConfigurationRequest> puts = new ArrayList<>();
        int deletes;
        boolean notImplemented;

        @Override
        public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
                Consumer<GetBucketLifecycleConfigurationRequest.Builder> request) {
            if (notImplemented) {
                throw (S3Exception) S3Exception.builder().statusCode(501)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotImplemented").build()).build();
            }
            if (rules == null) {
                throw (S3Exception) S3Exception.builder().statusCode(404)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchLifecycleConfiguration").build()).build();
            }
            return GetBucketLifecycleConfigurationResponse.builder().rules(rules).build();
        }

        @Override
        public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
                Consumer<PutBucketLifecycleConfigurationRequest.Builder> request) {
            PutBucketLifecycleConfigurationRequest built = PutBucketLifecycleConfigurationRequest.builder()
                    .applyMutation(request).build();
            assertThat(built.bucket()).isEqualTo("videos");
            puts.add(built);
            rules = built.lifecycleConfiguration().rules();
            return PutBucketLifecycleConfigurationResponse.builder().build();
        }

        @Override
        public DeleteBucketLifecycleResponse deleteBucketLifecycle(Consumer<DeleteBucketLifecycleRequest.Builder> request) {
            deletes++;
            rules = null;
            return DeleteBucketLifecycleResponse.builder().build();
        }

        @Override
        public S3ServiceClientConfiguration serviceClientConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }

    private static final LifecycleRule TEACHERS_RULE = LifecycleRule.builder()
            .id("teachers-archive")
            .filter(LifecycleRuleFilter.builder().prefix("archive/").build())
            .status(ExpirationStatus.ENABLED)
            .expiration(expiration -> expiration.days(365))
            .build();

    @Test
    void theInputBucketExpiresEveryObjectAndTheOutputBucketOnlyTheEvidence() {
        assertThat(BucketLifecycle.videosRule(30)).isEqualTo(LifecycleRule.builder()
                .id("smart-classroom-expire-videos")
                .filter(LifecycleRuleFilter.builder().prefix("").build())
                .status(ExpirationStatus.ENABLED)
                .expiration(expiration -> expiration.days(30))
                .build());
        assertThat(BucketLifecycle.evidenceRule(7)).isEqualTo(LifecycleRule.builder()
                .id("smart-classroom-expire-evidence")
                .filter(LifecycleRuleFilter.builder().prefix("evidence/").build())
                .status(ExpirationStatus.ENABLED)
                .expiration(expiration -> expiration.days(7))
                .build());
        assertThat(BucketLifecycle.describe(BucketLifecycle.evidenceRule(7)))
                .isEqualTo("objects under evidence/ expire after 7 days (rule smart-classroom-expire-evidence)");
    }

    @Test
    void aBucketWithoutRulesGetsOursAndThenItIsPresent() {
        FakeS3 s3 = new FakeS3();
        BucketLifecycle lifecycle = new BucketLifecycle(s3, "videos", BucketLifecycle.videosRule(30));

        assertThat(lifecycle.inspect()).isEqualTo(new ResourceState.Absent(
                "every object expires after 30 days (rule smart-classroom-expire-videos)"));
        lifecycle.create();

        assertThat(s3.puts).hasSize(1);
        assertThat(s3.puts.get(0).lifecycleConfiguration().rules()).containsExactly(BucketLifecycle.videosRule(30));
        assertThat(lifecycle.inspect()).isInstanceOf(ResourceState.Present.class);
    }

    @Test
    void anotherRuleOfTheBucketIsKeptWhenOursIsAddedAndWhenOursIsRemoved() {
        FakeS3 s3 = new FakeS3();
        s3.rules = List.of(TEACHERS_RULE);
        BucketLifecycle lifecycle = new BucketLifecycle(s3, "videos", BucketLifecycle.videosRule(30));

        assertThat(lifecycle.inspect()).isInstanceOf(ResourceState.Absent.class);
        lifecycle.create();
        assertThat(s3.rules).containsExactly(TEACHERS_RULE, BucketLifecycle.videosRule(30));

        assertThat(lifecycle.delete()).isEqualTo("rule smart-classroom-expire-videos removed; 1 other rule(s) kept");
        assertThat(s3.rules).containsExactly(TEACHERS_RULE);
        assertThat(s3.deletes).isZero();
    }

    @Test
    void ourRuleAloneIsRemovedWithTheWholeConfiguration() {
        FakeS3 s3 = new FakeS3();
        s3.rules = List.of(BucketLifecycle.videosRule(30));

        assertThat(new BucketLifecycle(s3, "videos", BucketLifecycle.videosRule(30)).delete())
                .isEqualTo("rule smart-classroom-expire-videos removed");
        assertThat(s3.deletes).isEqualTo(1);
    }

    @Test
    void aRuleThatDiffersIsReportedAndReplaced() {
        FakeS3 s3 = new FakeS3();
        s3.rules = List.of(TEACHERS_RULE, LifecycleRule.builder()
                .id("smart-classroom-expire-videos")
                .filter(LifecycleRuleFilter.builder().prefix("old/").build())
                .status(ExpirationStatus.DISABLED)
                .expiration(expiration -> expiration.days(90))
                .build());
        BucketLifecycle lifecycle = new BucketLifecycle(s3, "videos", BucketLifecycle.videosRule(30));

        ResourceState state = lifecycle.inspect();

        assertThat(state).isEqualTo(new ResourceState.Differs(List.of(
                "rule smart-classroom-expire-videos is Disabled, not Enabled",
                "rule smart-classroom-expire-videos applies to 'old/', not ''",
                "rule smart-classroom-expire-videos expires objects after 90 days, not after 30")));
        lifecycle.update((ResourceState.Differs) state);
        assertThat(s3.rules).containsExactly(TEACHERS_RULE, BucketLifecycle.videosRule(30));
        assertThat(lifecycle.inspect()).isInstanceOf(ResourceState.Present.class);
    }

    @Test
    void anEndpointWithoutLifecycleRulesIsReportedNotChanged() {
        FakeS3 s3 = new FakeS3();
        s3.notImplemented = true;

        assertThat(new BucketLifecycle(s3, "videos", BucketLifecycle.videosRule(30)).inspect())
                .isEqualTo(new ResourceState.Unmanaged("this endpoint has no lifecycle rules; nothing changed"));
        assertThat(s3.puts).isEmpty();
    }
}
