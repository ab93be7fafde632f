package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows the progress of an upload on stderr: on a terminal, one line redrawn in place (at most every
 * {@code 100 ms}); otherwise a plain line every {@code interval}, so that logs stay readable. Thread-safe.
 */
public final class UploadProgress {
    /** How progress is shown. */
    public enum Style {
        BAR,
        LINES,
        NONE
    }

    private static final long BAR_REFRESH_NANOS = Duration.ofMillis(100).toNanos();
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final Style style;
    private final LongSupplier nanoTime;
    private final long lineIntervalNanos;
    private final int totalFiles;
    private final long totalBytes;
    private final long start;

    private int doneFiles;
    private int failedFiles;
    private long doneBytes;
    private long lastShown;
    private boolean barShown;

    public UploadProgress(PrintWriter err, Style style, LongSupplier nanoTime, Duration lineInterval, int totalFiles, long totalBytes) {
        this.err = requireNonNull(err, "err");
        this.style = requireNonNull(style, "style");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
        this.lineIntervalNanos = requireNonNull(lineInterval, "lineInterval").toNanos();
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.start = nanoTime.getAsLong();
        this.lastShown = start;
    }

    /** Called when one file is done, uploaded or failed. */
    public synchronized void fileDone(long bytes, boolean failed) {
        doneFiles++;
        doneBytes += bytes;
        if (failed) {
            failedFiles++;
        }
        long now = nanoTime.getAsLong();
        boolean last = doneFiles == totalFiles;
        switch (style) {
            case BAR -> {
                if (last || now - lastShown >= BAR_REFRESH_NANOS) {
                    err.print("\r" + bar(now) + "\u001b[K");
                    err.flush();
                    barShown = true;
                    lastShown = now;
                }
            }
            case LINES -> {
                if (last || now - lastShown >= lineIntervalNanos) {
                    err.println(line(now));
                    err.flush();
                    lastShown = now;
                }
            }
            case NONE -> { }
        }
    }

    /** Ends the bar's line, so that what follows starts on a new one. */
    public synchronized void finish() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    synchronized String line(long now) {
        return String.format(Locale.ROOT, "uploaded %d/%d videos (%s of %s)%s in %s",
                doneFiles, totalFiles, Sizes.bytes(doneBytes), Sizes.bytes(totalBytes),
                failedFiles == 0 ? "" : ", " + failedFiles + " failed",
                Sizes.seconds(now - start));
    }

    synchronized String bar(long now) {
        double fraction = totalFiles == 0 ? 1 : (double) doneFiles / totalFiles;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d videos, %s%s, %s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), Math.round(fraction * 100),
                doneFiles, totalFiles, Sizes.bytes(doneBytes),
                failedFiles == 0 ? "" : ", " + failedFiles + " failed",
                Sizes.seconds(now - start));
    }
}
