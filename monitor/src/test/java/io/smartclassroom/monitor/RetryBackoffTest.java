package io.smartclassroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofMinutes(15);

    @Test
    void withoutJitterTheDelayIsHalfOfBaseTimesTwoToTheReceivesMinusOne() {
        RetryBackoff lowest = new RetryBackoff(BASE, CAP, () -> 0.0);

        assertThat(lowest.delay(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(lowest.delay(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(lowest.delay(3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(lowest.delay(5)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void fullJitterReachesTheWholeDelayAndTheCapHolds() {
        RetryBackoff highest = new RetryBackoff(BASE, CAP, () -> 1.0);

        assertThat(highest.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(highest.delay(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(highest.delay(6)).isEqualTo(CAP);       // 30 s × 32 = 16 min > 15 min
        assertThat(highest.delay(1_000)).isEqualTo(CAP);   // no overflow
        assertThat(highest.delay(Integer.MAX_VALUE)).isEqualTo(CAP);
    }

    @Test
    void equalJitterLiesBetweenHalfAndAllOfTheDelay() {
        RetryBackoff middle = new RetryBackoff(BASE, CAP, () -> 0.5);

        assertThat(middle.delay(1)).isEqualTo(Duration.ofMillis(22_500).plusMillis(500)); // 22.5 s rounds to 23 s
        assertThat(middle.delay(3)).isEqualTo(Duration.ofSeconds(90));
        assertThat(new RetryBackoff(BASE, CAP, () -> 0.5).delay(20)).isEqualTo(Duration.ofMillis(675_000));
    }

    @Test
    void anUnknownReceiveCountCountsAsTheFirstAndAZeroBaseMeansAtOnce() {
        assertThat(new RetryBackoff(BASE, CAP, () -> 0.0).delay(-1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(new RetryBackoff(Duration.ZERO, CAP, () -> 0.7).delay(5)).isZero();
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(-1), CAP, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
