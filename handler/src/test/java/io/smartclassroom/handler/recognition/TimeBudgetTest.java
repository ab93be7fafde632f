package io.smartclassroom.handler.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {
    /** A Lambda context's clock: 900 s from the start, counting down with the fake nano clock. */
    private final AtomicLong nanos = new AtomicLong();
    private final TimeBudget budget = new TimeBudget(
            () -> (int) (900_000 - nanos.get() / 1_000_000), Duration.ofSeconds(10), nanos::get);

    @Test
    void framesGoOnWhileMoreThanTheMarginAndTheSlowestFrameIsLeft() {
        nanos.set(60_000_000_000L); // the download took a minute: not a frame
        budget.begin(0);
        for (int frame = 1; frame <= 100; frame++) {
            nanos.addAndGet(2_000_000_000L);
            long at = frame * 5_000_000L;
            assertThatCode(() -> budget.check(at)).doesNotThrowAnyException();
        }
    }

    @Test
    void itStopsWhenLessThanTheMarginIsLeftEvenBeforeTheFirstFrame() {
        nanos.set(892_000_000_000L); // 8 s left when the analysis starts
        assertThatThrownBy(() -> budget.begin(900_000_000L))
                .isInstanceOf(TimeBudget.OutOfTimeException.class)
                .hasMessageStartingWith("stopped at 900.0 s of the video: 8.0 s of the 900.0 s");
    }

    @Test
    void theSlowestFrameSoFarIsKeptInReserveOnTopOfTheMargin() {
        budget.begin(0);
        nanos.set(870_000_000_000L); // one slow 870 s step: 30 s left, but 10 + 870 needed
        assertThatThrownBy(() -> budget.check(1_134_000_000L))
                .isInstanceOf(TimeBudget.OutOfTimeException.class)
                .hasMessage("stopped at 1134.0 s of the video: 30.0 s of the 900.0 s the invocation had were left "
                        + "(safety margin 10.0 s + 870.0 s for the slowest frame so far)")
                .satisfies(e -> assertThat(((TimeBudget.OutOfTimeException) e).positionMicros()).isEqualTo(1_134_000_000L));
    }

    @Test
    void withSmallStepsItStopsWhenTheMarginIsReached() {
        budget.begin(0);
        long position = 0;
        int frames = 0;
        try {
            while (true) {
                nanos.addAndGet(1_000_000_000L);
                position += 5_000_000L;
                budget.check(position);
                frames++;
            }
        } catch (TimeBudget.OutOfTimeException e) {
            long left = 900_000 - nanos.get() / 1_000_000;
            assertThat(left).isBetween(10_000L, 11_000L);
            assertThat(frames).isEqualTo(889);
        }
    }

    @Test
    void unlimitedNeverStops() {
        assertThatCode(() -> {
            TimeBudget.UNLIMITED.begin(0);
            TimeBudget.UNLIMITED.check(Long.MAX_VALUE);
        }).doesNotThrowAnyException();
        assertThat(TimeBudget.UNLIMITED.isUnlimited()).isTrue();
    }
}
