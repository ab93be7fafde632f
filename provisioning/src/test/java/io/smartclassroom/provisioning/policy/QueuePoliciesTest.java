package io.smartclassroom.provisioning.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuePoliciesTest {
    private static final Arn QUEUE = Arn.parse("arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests");
    private static final Arn BUCKET = Arn.s3Bucket("aws", "smart-classroom-input");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void letsOnlyS3SendOnlyForTheBucketAndTheAccount() throws Exception {
        JsonNode policy = QueuePolicies.bucketNotifications(QUEUE, BUCKET, Optional.of("123456789012")).toJson();

        assertThat(policy).isEqualTo(json.readTree("""
                {
                  "Version": "2012-10-17",
                  "Id": "smart-classroom-requests-s3-notifications",
                  "Statement": [{
                    "Sid": "AllowS3ObjectCreatedFromBucket",
                    "Effect": "Allow",
                    "Principal": {"Service": "s3.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": "arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests",
                    "Condition": {
                      "ArnEquals": {"aws:SourceArn": "arn:aws:s3:::smart-classroom-input"},
                      "StringEquals": {"aws:SourceAccount": "123456789012"}
                    }
                  }]
                }
                """));
    }

    @Test
    void withoutAnAccountOnlyTheBucketConditionRemains() {
        JsonNode statement = QueuePolicies.bucketNotifications(QUEUE, BUCKET, Optional.empty()).toJson().get("Statement").get(0);

        assertThat(statement.get("Condition").size()).isEqualTo(1);
        assertThat(statement.at("/Condition/ArnEquals/aws:SourceArn").asText()).isEqualTo("arn:aws:s3:::smart-classroom-input");
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
    }

    @Test
    void rejectsWrongArnsAndAccounts() {
        assertThatThrownBy(() -> QueuePolicies.bucketNotifications(BUCKET, BUCKET, Optional.empty()))
                .hasMessageContaining("not a queue ARN");
        assertThatThrownBy(() -> QueuePolicies.bucketNotifications(QUEUE, QUEUE, Optional.empty()))
                .hasMessageContaining("not a bucket ARN");
        assertThatThrownBy(() -> QueuePolicies.bucketNotifications(QUEUE, BUCKET, Optional.of("12345")))
                .hasMessageContaining("not an AWS account id");
    }

    @Test
    void aPolicyAsAwsReturnsItIsTheSameDocument() throws Exception {
        PolicyDocument document = QueuePolicies.bucketNotifications(QUEUE, BUCKET, Optional.of("123456789012"));
        // AWS may return single values as one-element arrays and reorder fields.
        JsonNode returned = json.readTree("""
                {"Statement":[{"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]},
                   "ArnEquals":{"aws:SourceArn":"arn:aws:s3:::smart-classroom-input"}},
                   "Resource":["arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests"],
                   "Action":["sqs:SendMessage"],"Principal":{"Service":["s3.amazonaws.com"]},
                   "Effect":"Allow","Sid":"AllowS3ObjectCreatedFromBucket"}],
                 "Id":"smart-classroom-requests-s3-notifications","Version":"2012-10-17"}
                """);
        JsonNode otherBucket = json.readTree(document.toJsonString().replace("smart-classroom-input", "someone-elses-bucket"));

        assertThat(document.sameAs(returned)).isTrue();
        assertThat(document.sameAs(json.readTree(document.toJsonString()))).isTrue();
        assertThat(document.sameAs(otherBucket)).isFalse();
        assertThat(document.sameAs(null)).isFalse();
    }
}
