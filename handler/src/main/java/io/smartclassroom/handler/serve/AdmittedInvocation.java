package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smartclassroom.handler.FaceRecognitionHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One invocation the endpoint admitted. It runs the function once on a worker thread; its
 * {@link #outcome()} is the function's output or error, or — when the function timeout passes first —
 * Lambda's {@code Sandbox.Timedout} error, and then the worker is interrupted. Either way
 * {@code whenWorkerFree} runs only when the function has really returned on the worker (or the invocation
 * was dropped before it started), so a timed-out invocation keeps its place in the admission count.
 */
final class AdmittedInvocation implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AdmittedInvocation.class);

    /** Makes the context of an invocation with the given deadline on {@link System#nanoTime()}'s scale. */
    interface ContextFactory {
        LocalLambdaContext create(String requestId, long deadlineNanos);
    }

    private final InvocationRequest request;
    private final RequestStreamHandler handler;
    private final ContextFactory contexts;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final LambdaErrors errors;
    private final Runnable whenWorkerFree;
    private final CompletableFuture<InvocationOutcome> outcome = new CompletableFuture<>();
    private Thread worker; // guarded by this: the thread running the function, while it does

    AdmittedInvocation(InvocationRequest request, RequestStreamHandler handler, ContextFactory contexts, Duration timeout,
            ScheduledExecutorService timer, LambdaErrors errors, Runnable whenWorkerFree) {
        this.request = requireNonNull(request, "request");
        this.handler = requireNonNull(handler, "handler");
        this.contexts = requireNonNull(contexts, "contexts");
        this.timeout = requireNonNull(timeout, "timeout");
        this.timer = requireNonNull(timer, "timer");
        this.errors = requireNonNull(errors, "errors");
        this.whenWorkerFree = requireNonNull(whenWorkerFree, "whenWorkerFree");
    }

    /** Completes with what the invocation answers; exceptionally (cancelled) if it was dropped before it started. */
    CompletableFuture<InvocationOutcome> outcome() {
        return outcome;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        synchronized (this) {
            worker = Thread.currentThread();
        }
        try (var id = MDC.putCloseable(FaceRecognitionHandler.MDC_REQUEST_ID, request.requestId());
                var key = putVideoKey()) {
            ScheduledFuture<?> timeoutTask;
            try {
                timeoutTask = timer.schedule(this::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                outcome.completeExceptionally(new CancellationException("the local invoke endpoint stopped as the invocation started"));
                return;
            }
            try {
                runFunction(start);
            } finally {
                timeoutTask.cancel(false);
            }
        } finally {
            synchronized (this) {
                worker = null;
            }
            Thread.interrupted(); // a timeout's interrupt must not reach the worker's next invocation
            whenWorkerFree.run();
        }
    }

    private void runFunction(long start) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Throwable failure = null;
        try {
            handler.handleRequest(new ByteArrayInputStream(request.payload()), output,
                    contexts.create(request.requestId(), start + timeout.toNanos()));
        } catch (Throwable e) {
            failure = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        InvocationOutcome result = failure == null
                ? InvocationOutcome.output(output.toByteArray())
                : InvocationOutcome.unhandled(errors.unhandled(failure));
        if (outcome.complete(result)) {
            if (failure == null) {
                log.info("{} invocation of {} succeeded in {} ms", request.invocationType(), request.functionName(), millis);
            } else {
                log.warn("{} invocation of {} ended with a function error after {} ms: {}",
                        request.invocationType(), request.functionName(), millis, failure.toString());
            }
        } else {
            log.info("{} invocation of {} that had timed out returned after {} ms ({}); its worker is free again",
                    request.invocationType(), request.functionName(), millis,
                    failure == null ? "its output is discarded" : "with " + failure);
        }
    }

    /** On the timer thread when the function timeout has passed: answer Sandbox.Timedout and interrupt the worker. */
    private void timeOut() {
        synchronized (this) {
            if (!outcome.complete(InvocationOutcome.unhandled(errors.timedOut(request.requestId(), timeout)))) {
                return;
            }
            try (var id = MDC.putCloseable(FaceRecognitionHandler.MDC_REQUEST_ID, request.requestId());
                    var key = putVideoKey()) {
                log.warn("{} invocation of {} timed out after {} seconds; interrupting {}, which stays busy until the function returns",
                        request.invocationType(), request.functionName(), LambdaErrors.seconds(timeout),
                        worker == null ? "no worker" : worker.getName());
            }
            if (worker != null) {
                worker.interrupt();
            }
        }
    }

    /** The server stopped before this invocation started; it never will. */
    void drop() {
        outcome.completeExceptionally(new CancellationException("the local invoke endpoint stopped before the invocation started"));
        whenWorkerFree.run();
    }

    private MDC.MDCCloseable putVideoKey() {
        return request.videoKey() == null ? null : MDC.putCloseable(FaceRecognitionHandler.MDC_VIDEO_KEY, request.videoKey());
    }
}
