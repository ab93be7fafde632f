package io.smartclassroom.provisioning.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The bucket policy, exactly. */
class BucketPoliciesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyS3ActionOnTheBucketAndItsObjectsIsDeniedOverPlainHttp() throws Exception {
        PolicyDocument policy = BucketPolicies.denyInsecureTransport(Arn.s3Bucket("aws", "smart-classroom-output"));

        assertThat(policy.toJson()).isEqualTo(json.readTree("""
                {
                  "Version": "2012-10-17",
                  "Id": "smart-classroom-output-tls-only",
                  "Statement": [{
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "s3:*",
                    "Resource": ["arn:aws:s3:::smart-classroom-output", "arn:aws:s3:::smart-classroom-output/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                  }]
                }
                """));
    }

    @Test
    void thePartitionIsTheBucketArnsOne() {
        assertThat(BucketPolicies.denyInsecureTransport(Arn.s3Bucket("aws-cn", "b1")).toJsonString())
                .contains("\"arn:aws-cn:s3:::b1\",\"arn:aws-cn:s3:::b1/*\"");
    }

    @Test
    void onlyABucketArnIsTaken() {
        assertThatThrownBy(() -> BucketPolicies.denyInsecureTransport(Arn.parse("arn:aws:sqs:us-east-1:123456789012:q")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketPolicies.denyInsecureTransport(new Arn("aws", "s3", "", "", "b1/key")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
