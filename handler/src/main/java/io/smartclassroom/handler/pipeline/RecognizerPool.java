package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.recognition.VideoRecognizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A fixed number of {@link VideoRecognizer}s shared by the threads that run invocations. Each
 * recognizer owns native networks that are not thread-safe, so a thread borrows one for the
 * recognise stage and gives it back. Recognizers are created on first need (a Lambda container
 * that serves one invocation at a time creates one), at most {@code size} of them.
 */
public final class RecognizerPool implements AutoCloseable {
    private final int size;
    private final Supplier<? extends VideoRecognizer> factory;
    private final Semaphore permits;
    private final Deque<VideoRecognizer> idle = new ArrayDeque<>();
    private final List<VideoRecognizer> created = new ArrayList<>();
    private boolean closed;

    public RecognizerPool(int size, Supplier<? extends VideoRecognizer> factory) {
        if (size < 1) {
            throw new IllegalArgumentException("a recognizer pool needs at least one recognizer: " + size);
        }
        this.size = size;
        this.factory = requireNonNull(factory, "factory");
        this.permits = new Semaphore(size, true);
    }

    public int size() {
        return size;
    }

    /** How many recognizers exist now (created so far and not closed). */
    public synchronized int created() {
        return created.size();
    }

    /** Waits for a free recognizer; close the lease to give it back. */
    public Lease borrow() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free recognizer", e);
        }
        try {
            return new Lease(take());
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    private VideoRecognizer take() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the recognizer pool is closed");
            }
            VideoRecognizer recognizer = idle.pollFirst();
            if (recognizer != null) {
                return recognizer;
            }
        }
        // Creating loads native networks; do it outside the lock so other threads can give back theirs.
        VideoRecognizer recognizer = requireNonNull(factory.get(), "the recognizer factory returned null");
        synchronized (this) {
            if (closed) {
                recognizer.close();
                throw new IllegalStateException("the recognizer pool is closed");
            }
            created.add(recognizer);
        }
        return recognizer;
    }

    private void giveBack(VideoRecognizer recognizer) {
        boolean closeIt;
        synchronized (this) {
            closeIt = closed;
            if (closed) {
                created.remove(recognizer);
            } else {
                idle.addFirst(recognizer);
            }
        }
        if (closeIt) {
            recognizer.close();
        }
        permits.release();
    }

    /** Closes the idle recognizers now and the borrowed ones when they are given back. */
    @Override
    public void close() {
        List<VideoRecognizer> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(idle);
            created.removeAll(idle);
            idle.clear();
        }
        RuntimeException failure = null;
        for (VideoRecognizer recognizer : toClose) {
            try {
                recognizer.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One borrowed recognizer. */
    public final class Lease implements AutoCloseable {
        private final VideoRecognizer recognizer;
        private boolean returned;

        private Lease(VideoRecognizer recognizer) {
            this.recognizer = recognizer;
        }

        public VideoRecognizer recognizer() {
            if (returned) {
                throw new IllegalStateException("the recognizer was given back");
            }
            return recognizer;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                giveBack(recognizer);
            }
        }
    }
}
