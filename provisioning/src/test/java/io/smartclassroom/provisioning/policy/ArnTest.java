package io.smartclassroom.provisioning.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArnTest {
    @Test
    void parsesAndPrintsArns() {
        Arn queue = Arn.parse("arn:aws-cn:sqs:cn-north-1:123456789012:queue");

        assertThat(queue.partition()).isEqualTo("aws-cn");
        assertThat(queue.service()).isEqualTo("sqs");
        assertThat(queue.region()).isEqualTo("cn-north-1");
        assertThat(queue.account()).isEqualTo("123456789012");
        assertThat(queue.resource()).isEqualTo("queue");
        assertThat(queue).hasToString("arn:aws-cn:sqs:cn-north-1:123456789012:queue");
        assertThat(Arn.parse("arn:aws:iam::123456789012:role/path/name").resource()).isEqualTo("role/path/name");
    }

    @Test
    void bucketArnsHaveNoRegionOrAccount() {
        assertThat(Arn.s3Bucket("aws", "b")).hasToString("arn:aws:s3:::b");
    }

    @Test
    void rejectsWhatIsNotAnArn() {
        assertThatThrownBy(() -> Arn.parse("sqs:queue")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arn.parse("urn:aws:sqs:r:a:q")).isInstanceOf(IllegalArgumentException.class);
    }
}
