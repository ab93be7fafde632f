package io.smartclassroom.handler.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalLambdaContextTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void theRemainingTimeCountsDownToTheDeadlineAndStopsAtZero() {
        LocalLambdaContext context = new LocalLambdaContext("req-1", "fn", "arn:aws:lambda:us-east-1:000000000000:function:fn",
                now::get, now.get() + TimeUnit.SECONDS.toNanos(900), 512);

        assertThat(context.getRemainingTimeInMillis()).isEqualTo(900_000);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_500));
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(898_500);
        now.addAndGet(TimeUnit.SECONDS.toNanos(898));
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(500);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(context.getRemainingTimeInMillis()).isZero();
        assertThat(context.getAwsRequestId()).isEqualTo("req-1");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
    }
}
