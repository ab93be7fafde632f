package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.handler.recognition.VideoRecognizer;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RecognizerPoolTest {
    private final List<CountingRecognizer> made = new CopyOnWriteArrayList<>();

    private CountingRecognizer make() {
        CountingRecognizer recognizer = new CountingRecognizer(made.size());
        made.add(recognizer);
        return recognizer;
    }

    @Test
    void recognizersAreCreatedOnFirstNeedAndReused() {
        try (RecognizerPool pool = new RecognizerPool(3, this::make)) {
            assertThat(pool.created()).isZero();
            VideoRecognizer first;
            try (RecognizerPool.Lease lease = pool.borrow()) {
                first = lease.recognizer();
            }
            try (RecognizerPool.Lease lease = pool.borrow()) {
                assertThat(lease.recognizer()).isSameAs(first);
            }
            assertThat(pool.created()).isEqualTo(1);
            assertThat(made).hasSize(1);
        }
    }

    @Test
    void atMostSizeRecognizersExistAndABorrowerWaitsForOneToBeGivenBack() throws Exception {
        try (RecognizerPool pool = new RecognizerPool(2, this::make)) {
            RecognizerPool.Lease a = pool.borrow();
            RecognizerPool.Lease b = pool.borrow();
            assertThat(a.recognizer()).isNotSameAs(b.recognizer());

            CompletableFuture<VideoRecognizer> third = CompletableFuture.supplyAsync(() -> {
                try (RecognizerPool.Lease c = pool.borrow()) {
                    return c.recognizer();
                }
            });
            assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            VideoRecognizer givenBack = b.recognizer();
            b.close();
            assertThat(third.get(5, TimeUnit.SECONDS)).isSameAs(givenBack);
            a.close();
            assertThat(made).hasSize(2);
        }
    }

    @Test
    void closingClosesIdleRecognizersAtOnceAndBorrowedOnesWhenGivenBack() {
        RecognizerPool pool = new RecognizerPool(2, this::make);
        RecognizerPool.Lease idle = pool.borrow();
        RecognizerPool.Lease busy = pool.borrow();
        idle.close();

        pool.close();
        assertThat(made.get(0).closed).isTrue();
        assertThat(made.get(1).closed).isFalse();

        busy.close();
        assertThat(made.get(1).closed).isTrue();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailingFactoryDoesNotUseUpThePool() {
        int[] calls = {0};
        try (RecognizerPool pool = new RecognizerPool(1, () -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("model file missing");
            }
            return make();
        })) {
            assertThatThrownBy(pool::borrow).hasMessage("model file missing");
            try (RecognizerPool.Lease lease = pool.borrow()) {
                assertThat(lease.recognizer()).isSameAs(made.get(0));
            }
        }
    }

    /** Records whether it was closed; the pool never calls recognize. */
    private static final class CountingRecognizer implements VideoRecognizer {
        private final int id;
        private volatile boolean closed;

        CountingRecognizer(int id) {
            this.id = id;
        }

        @Override
        public VideoAnalysis analyze(Path video) {
            throw new UnsupportedOperationException("not used by the pool");
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return "recognizer " + id;
        }
    }
}
