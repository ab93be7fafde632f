package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsQueueAttributesTest {
    private static final String DLQ = "arn:aws:sqs:us-east-1:123456789012:requests-dlq";

    @Test
    void redrivePolicyNamesTheDeadLetterQueueAndTheCount() {
        assertThat(SqsQueue.redrivePolicy(DLQ, 3)).isEqualTo("{\"deadLetterTargetArn\":\"" + DLQ + "\",\"maxReceiveCount\":3}");
    }

    @Test
    void redrivePoliciesAreComparedByMeaning() {
        String wanted = SqsQueue.redrivePolicy(DLQ, 3);

        assertThat(SqsQueue.sameRedrivePolicy(wanted, "{ \"maxReceiveCount\": \"3\", \"deadLetterTargetArn\": \"" + DLQ + "\" }")).isTrue();
        assertThat(SqsQueue.sameRedrivePolicy(wanted, SqsQueue.redrivePolicy(DLQ, 5))).isFalse();
        assertThat(SqsQueue.sameRedrivePolicy(wanted, SqsQueue.redrivePolicy(DLQ + "-other", 3))).isFalse();
        assertThat(SqsQueue.sameRedrivePolicy(wanted, null)).isFalse();
        assertThat(SqsQueue.sameRedrivePolicy(wanted, "not json")).isFalse();
    }

    @Test
    void differencesListEachWrongAttributeWithActualAndWantedValues() {
        Map<QueueAttributeName, String> wanted = Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "960",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                QueueAttributeName.REDRIVE_POLICY, SqsQueue.redrivePolicy(DLQ, 3));

        assertThat(SqsQueue.differences(wanted, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "960",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + DLQ + "\",\"maxReceiveCount\":\"3\"}",
                QueueAttributeName.DELAY_SECONDS, "0")))
                .isEmpty();
        assertThat(SqsQueue.differences(wanted, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20")))
                .containsExactlyInAnyOrder(
                        "VisibilityTimeout 30 -> 960",
                        "RedrivePolicy unset -> " + SqsQueue.redrivePolicy(DLQ, 3));
    }
}
