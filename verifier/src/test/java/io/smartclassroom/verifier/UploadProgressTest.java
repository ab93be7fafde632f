package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadProgressTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StringWriter text = new StringWriter();

    @Test
    void onATerminalOneLineIsRedrawnAtMostEveryTenthOfASecond() {
        UploadProgress progress = progress(UploadProgress.Style.BAR, 4, 4096);

        advance(150);
        progress.fileDone(1024, false);
        advance(10);
        progress.fileDone(1024, false); // too soon after the last redraw: not shown
        advance(200);
        progress.fileDone(1024, true);
        advance(10);
        progress.fileDone(1024, false); // the last file is always shown
        progress.finish();

        String[] frames = text.toString().split("\r", -1);
        assertThat(frames[0]).isEmpty();
        assertThat(frames).hasSize(4);
        assertThat(frames[1]).startsWith("[########----------------------]  25% 1/4 videos, 1.0 KiB, 0.15 s");
        assertThat(frames[2]).startsWith("[#######################-------]  75% 3/4 videos, 3.0 KiB, 1 failed, 0.36 s");
        assertThat(frames[3]).isEqualTo("[##############################] 100% 4/4 videos, 4.0 KiB, 1 failed, 0.37 s\u001b[K" + System.lineSeparator());
        assertThat(text.toString()).doesNotContain("2/4");
    }

    @Test
    void elsewherePlainLinesArePrintedEveryIntervalAndAtTheEnd() {
        UploadProgress progress = progress(UploadProgress.Style.LINES, 3, 3 * 1024 * 1024);

        advance(1000);
        progress.fileDone(1024 * 1024, false);
        advance(5000);
        progress.fileDone(1024 * 1024, false);
        advance(100);
        progress.fileDone(1024 * 1024, false);
        progress.finish();

        assertThat(text.toString().lines()).containsExactly(
                "uploaded 2/3 videos (2.0 MiB of 3.0 MiB) in 6.00 s",
                "uploaded 3/3 videos (3.0 MiB of 3.0 MiB) in 6.10 s");
    }

    @Test
    void noneShowsNothing() {
        UploadProgress progress = progress(UploadProgress.Style.NONE, 1, 1);

        progress.fileDone(1, false);
        progress.finish();

        assertThat(text.toString()).isEmpty();
    }

    private UploadProgress progress(UploadProgress.Style style, int files, long bytes) {
        return new UploadProgress(new PrintWriter(text, true), style, now::get, Duration.ofSeconds(5), files, bytes);
    }

    private void advance(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }
}
