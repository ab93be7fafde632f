package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Shows the progress of an upload on stderr, fed by the transfer manager's {@link TransferListener}s (bytes sent of
 * the files in flight) and by {@link #fileDone}: on a terminal, one line redrawn in place (at most every
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
    private long inFlightBytes;
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

    /** A listener for one file's transfer: its bytes count as sent until {@link #fileDone} counts the file. */
    public TransferListener listener() {
        return new TransferListener() {
            private long sent;

            @Override
            public void bytesTransferred(Context.BytesTransferred context) {
                long now = context.progressSnapshot().transferredBytes();
                long delta = now - sent;
                sent = now;
                bytesSent(delta);
            }

            @Override
            public void transferComplete(Context.TransferComplete context) {
                bytesSent(-sent);
                sent = 0;
            }

            @Override
            public void transferFailed(Context.TransferFailed context) {
                bytesSent(-sent);
                sent = 0;
            }
        };
    }

    private synchronized void bytesSent(long delta) {
        inFlightBytes += delta;
        show(false);
    }

    /** Called when one file is done, uploaded or failed. */
    public synchronized void fileDone(long bytes, boolean failed) {
        doneFiles++;
        doneBytes += bytes;
        if (failed) {
            failedFiles++;
        }
        show(doneFiles == totalFiles);
    }

    private void show(boolean last) {
        long now = nanoTime.getAsLong();
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
                doneFiles, totalFiles, Sizes.bytes(doneBytes + inFlightBytes), Sizes.bytes(totalBytes),
                failedFiles == 0 ? "" : ", " + failedFiles + " failed",
                Sizes.seconds(now - start));
    }

    synchronized String bar(long now) {
        double fraction = totalBytes > 0 ? Math.min(1, (double) (doneBytes + inFlightBytes) / totalBytes)
                : totalFiles == 0 ? 1 : (double) doneFiles / totalFiles;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d videos, %s%s, %s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), Math.round(fraction * 100),
                doneFiles, totalFiles, Sizes.bytes(doneBytes + inFlightBytes),
                failedFiles == 0 ? "" : ", " + failedFiles + " failed",
                Sizes.seconds(now - start));
    }
}
