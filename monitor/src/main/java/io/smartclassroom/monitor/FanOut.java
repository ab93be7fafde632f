package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.fanout.FunctionRequests;
import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.SegmentPlan;
import io.smartclassroom.common.fanout.VideoSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video as several invocations: ask the function for a plan → one invocation per segment, all at once (each
 * waits for a place under the {@link AdmissionLimit} like any invocation) → the merge invocation, which writes the
 * result. A video whose plan has one segment is invoked with the message body, as without fan-out. A segment
 * whose function failed (a transient failure: throttles and outages are waited out by the {@link Invoker}) is
 * invoked again up to {@code segmentRetries} times after a back-off; if it still fails, the video's outcome is
 * that failure (the message is not deleted, it comes back; no merge, so no result is written). A rejected segment
 * (e.g. {@code timeout}) rejects the video: no other segment is started again and no merge runs. The lease's
 * heartbeat runs throughout, as the caller holds the message until this returns.
 */
final class FanOut {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    /** Lambda's limit on a synchronous request payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final long WAIT_SLICE_MILLIS = 200;
    private static final String ABANDONED = "Abandoned";

    /** One invocation, waiting out throttles and outages; null when the message was handed back. */
    @FunctionalInterface
    interface Invoker {
        InvokeOutcome invoke(String body) throws InterruptedException;
    }

    private final FunctionRequests requests;
    private final ExecutorService threads;
    private final int segmentRetries;
    private final RetryBackoff backoff;
    private final BooleanSupplier stopping;

    FanOut(FunctionRequests requests, ExecutorService threads, int segmentRetries, RetryBackoff backoff,
            BooleanSupplier stopping) {
        this.requests = requireNonNull(requests, "requests");
        this.threads = requireNonNull(threads, "threads");
        this.backoff = requireNonNull(backoff, "backoff");
        this.stopping = requireNonNull(stopping, "stopping");
        if (segmentRetries < 0) {
            throw new IllegalArgumentException("segment retries must not be negative: " + segmentRetries);
        }
        this.segmentRetries = segmentRetries;
    }

    /** The outcome for the message: the merge's (or the single invocation's), or the failure that stopped it. */
    InvokeOutcome run(String messageId, String body, String videoKey, Invoker invoker) throws InterruptedException {
        InvokeOutcome planned = invoker.invoke(requests.plan(body));
        if (!(planned instanceof InvokeOutcome.Succeeded answer)) {
            return planned; // handed back, rejected (e.g. undecodable) or failed: as for a whole-video invocation
        }
        SegmentPlan plan;
        try {
            plan = requests.readPlan(answer.payload());
        } catch (IllegalArgumentException e) {
            log.warn("message {} video {}: the function's answer to the plan request is no plan (request {}: {}); "
                    + "invoking the whole video instead", messageId, videoKey, answer.requestId(), e.getMessage());
            return invoker.invoke(body);
        }
        if (plan.isSingle()) {
            log.info("message {} video {}: plan (request {}): one invocation for {} s of video", messageId, videoKey,
                    answer.requestId(), plan.durationSeconds());
            return invoker.invoke(body);
        }
        log.info("message {} video {}: plan (request {}): {} segments for {} s of video; invoking them in parallel",
                messageId, videoKey, answer.requestId(), plan.segments().size(), plan.durationSeconds());
        long started = System.nanoTime();
        AtomicBoolean abandoned = new AtomicBoolean();
        List<Future<InvokeOutcome>> futures = new ArrayList<>();
        for (VideoSegment segment : plan.segments()) {
            futures.add(threads.submit(() -> segment(messageId, body, videoKey, segment, invoker, abandoned)));
        }
        List<PartialAnalysis> partials = new ArrayList<>();
        InvokeOutcome failure = null;
        boolean handedBack = false;
        try {
            for (Future<InvokeOutcome> future : futures) {
                InvokeOutcome outcome;
                try {
                    outcome = future.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    outcome = new InvokeOutcome.FunctionFailed("-", "MonitorError", OneLine.of(cause));
                    log.error("message {} video {}: a segment's invocation failed in the monitor", messageId, videoKey, cause);
                    abandoned.set(true);
                }
                if (outcome == null) {
                    handedBack = true;
                } else if (outcome instanceof InvokeOutcome.Succeeded done) {
                    partials.add(requests.readPartial(done.payload())); // parsed already in segment(): valid
                } else if (failure == null || rank(outcome) > rank(failure)) {
                    failure = outcome;
                }
            }
        } catch (InterruptedException e) {
            abandoned.set(true);
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
        if (failure != null) {
            return failure;
        }
        if (handedBack) {
            return null;
        }
        long segmentsMillis = (System.nanoTime() - started) / 1_000_000;
        List<PartialAnalysis> bounded = PartialAnalysis.keepBestEvidence(partials);
        String merge = requests.merge(body, bounded);
        int bytes = merge.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            String reason = VideoRejectedException.Reason.OVER_LIMIT.code() + ": the merge request of " + videoKey
                    + " would be " + bytes + " bytes, over Lambda's " + MAX_PAYLOAD_BYTES + " for a synchronous payload";
            return new InvokeOutcome.Rejected("-", "monitor", VideoRejectedException.Reason.OVER_LIMIT.code(), reason);
        }
        log.info("message {} video {}: {} segments done in {} ms; invoking the merge ({} bytes)", messageId, videoKey,
                partials.size(), segmentsMillis, bytes);
        return invoker.invoke(merge);
    }

    /** One segment, with its retries: its partial as a success, or the failure that ended it; null if handed back. */
    private InvokeOutcome segment(String messageId, String body, String videoKey, VideoSegment segment, Invoker invoker,
            AtomicBoolean abandoned) throws InterruptedException {
        String request = requests.segment(body, segment);
        InvokeOutcome last = null;
        for (int attempt = 1; attempt <= segmentRetries + 1; attempt++) {
            if (abandoned.get()) {
                return new InvokeOutcome.FunctionFailed("-", ABANDONED, segment.describe()
                        + " not invoked: another segment of the video failed");
            }
            long started = System.nanoTime();
            InvokeOutcome outcome = invoker.invoke(request);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (outcome == null) {
                return null;
            }
            if (outcome instanceof InvokeOutcome.Succeeded done) {
                try {
                    PartialAnalysis partial = requests.readPartial(done.payload());
                    log.info("message {} video {} {}: done (request {}, attempt {}, {} ms): students {}, frames examined {}",
                            messageId, videoKey, segment.describe(), done.requestId(), attempt, millis,
                            partial.sightings().stream().map(PartialAnalysis.Sighting::name).toList(),
                            partial.framesExamined());
                    return done;
                } catch (IllegalArgumentException e) {
                    outcome = new InvokeOutcome.FunctionFailed(done.requestId(), "BadAnswer", e.getMessage());
                }
            }
            if (outcome instanceof InvokeOutcome.Rejected rejected) {
                abandoned.set(true);
                log.warn("message {} video {} {}: rejected (request {}, {} ms): {}", messageId, videoKey,
                        segment.describe(), rejected.requestId(), millis, rejected.message());
                return rejected;
            }
            InvokeOutcome.FunctionFailed failed = (InvokeOutcome.FunctionFailed) outcome;
            last = failed;
            if (attempt <= segmentRetries) {
                Duration delay = backoff.delay(attempt);
                log.warn("message {} video {} {}: function failed (request {}, attempt {}, {} ms): {}: {}; again in {}",
                        messageId, videoKey, segment.describe(), failed.requestId(), attempt, millis,
                        failed.errorType(), failed.message(), Durations.format(delay));
                pause(delay);
            } else {
                log.warn("message {} video {} {}: function failed (request {}, attempt {}, {} ms): {}: {}; no retry "
                        + "left, the message is not acknowledged", messageId, videoKey, segment.describe(),
                        failed.requestId(), attempt, millis, failed.errorType(), failed.message());
            }
        }
        abandoned.set(true);
        InvokeOutcome.FunctionFailed failed = (InvokeOutcome.FunctionFailed) last;
        return new InvokeOutcome.FunctionFailed(failed.requestId(), failed.errorType(), segment.describe() + " failed "
                + (segmentRetries + 1) + " times, last: " + failed.message());
    }

    /** Which failure speaks for the video: a rejection, else a segment's own failure, else one not started. */
    private static int rank(InvokeOutcome failure) {
        if (failure instanceof InvokeOutcome.Rejected) {
            return 3;
        }
        return failure instanceof InvokeOutcome.FunctionFailed failed && failed.errorType().equals(ABANDONED) ? 1 : 2;
    }

    /** Sleeps up to {@code duration}, less when the monitor starts stopping (the next invoke then hands back). */
    private void pause(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        long remaining;
        while ((remaining = until - System.nanoTime()) > 0 && !stopping.getAsBoolean()) {
            Thread.sleep(Math.max(1, Math.min(WAIT_SLICE_MILLIS, remaining / 1_000_000)));
        }
    }

}
