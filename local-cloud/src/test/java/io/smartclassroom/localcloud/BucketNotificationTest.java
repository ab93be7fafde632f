package io.smartclassroom.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketNotificationTest {
    @Test
    void parsesBucketEqualsQueue() {
        assertThat(BucketNotification.parse("in=requests")).isEqualTo(new BucketNotification("in", "requests"));
    }

    @Test
    void refusesASpecWithoutBothSides() {
        assertThatThrownBy(() -> BucketNotification.parse("in")).hasMessageContaining("BUCKET=QUEUE");
        assertThatThrownBy(() -> BucketNotification.parse("=q")).hasMessageContaining("BUCKET=QUEUE");
        assertThatThrownBy(() -> BucketNotification.parse("b=")).hasMessageContaining("BUCKET=QUEUE");
    }
}
