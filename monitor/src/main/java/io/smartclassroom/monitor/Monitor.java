package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The monitor: long-polls the request queue and hands each message to a worker that invokes the function
 * and acknowledges the message (see {@link MessageProcessor}). At most {@code concurrency} messages are in
 * flight; the receiver never asks for more messages than it has room for.
 *
 * <p>{@link #start()} resolves the queue and starts receiving. {@link #stop()} stops receiving, lets the
 * in-flight messages finish until the shutdown deadline and then gives up on the rest: they are neither
 * deleted nor kept invisible any longer, so the queue delivers them again. The clients stay open; their
 * owner closes them after {@code stop()}.
 */
public final class Monitor {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    private static final Duration MAX_RECEIVE_BACKOFF = Duration.ofSeconds(30);

    private enum State { NEW, RUNNING, STOPPING, TERMINATED }

    private final MonitorConfig config;
    private final SqsClient sqs;
    private final LambdaClient lambda;
    private final ObjectMapper json = new ObjectMapper();
    private final MonitorCounters counters = new MonitorCounters();
    private final Semaphore capacity;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Thread receiver;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object lifecycle = new Object();

    private State state = State.NEW;
    private volatile QueueInfo queue;
    private volatile MessageProcessor processor;
    private volatile boolean abandoned;
    private volatile boolean drained = true;

    public Monitor(MonitorConfig config, SqsClient sqs, LambdaClient lambda) {
        this.config = requireNonNull(config, "config");
        this.sqs = requireNonNull(sqs, "sqs");
        this.lambda = requireNonNull(lambda, "lambda");
        this.capacity = new Semaphore(config.concurrency());
        this.workers = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("monitor-worker-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("monitor-heartbeat-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.receiver = daemonThreads("monitor-receiver").newThread(this::receiveLoop);
    }

    /**
     * Resolves the queue (GetQueueUrl, GetQueueAttributes) and starts receiving.
     *
     * @throws MonitorStartException when the queue cannot be found or read
     */
    public void start() {
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException(
                        "a monitor starts once; this one is " + state.name().toLowerCase(Locale.ROOT));
            }
            QueueInfo resolved = QueueInfo.resolve(sqs, config, json);
            queue = resolved;
            processor = new MessageProcessor(config, resolved, sqs, lambda, json, scheduler, counters,
                    () -> abandoned);
            state = State.RUNNING;
            log.info("monitor started: queue {} (visibility timeout {}, max receives {}), function {} ({}), "
                            + "concurrency {}, invoke timeout {}", resolved.url(),
                    Durations.format(resolved.visibilityTimeout()),
                    resolved.maxReceiveCount().isPresent() ? resolved.maxReceiveCount().getAsInt() : "-",
                    config.functionName(), config.invocationType(), config.concurrency(),
                    Durations.format(config.invokeTimeout()));
            if (!config.summaryInterval().isZero()) {
                long interval = config.summaryInterval().toMillis();
                scheduler.scheduleAtFixedRate(() -> log.info("summary: {}", counters.snapshot()), interval, interval,
                        TimeUnit.MILLISECONDS);
            }
            receiver.start();
        }
    }

    /**
     * Stops receiving and waits until the in-flight messages are done or the shutdown deadline passes,
     * whichever comes first. Messages still in flight at the deadline are left in the queue (not deleted, no
     * more heartbeats). Safe to call more than once and from any thread; later calls wait for the first.
     *
     * @return true when every in-flight message finished before the deadline
     */
    public boolean stop() {
        State before;
        synchronized (lifecycle) {
            before = state;
            if (state == State.NEW) {
                state = State.TERMINATED;
                shutDownExecutors();
                terminated.countDown();
                return true;
            }
            if (state == State.RUNNING) {
                state = State.STOPPING;
            }
        }
        if (before != State.RUNNING) {
            // another thread is stopping (or has stopped) the monitor: wait for it, outside the lock
            awaitTerminationUninterruptibly();
            return drained;
        }
        long deadline = System.nanoTime() + config.shutdownDeadline().toNanos();
        log.info("stopping: no more receives; waiting up to {} for {} in-flight message(s)",
                Durations.format(config.shutdownDeadline()), counters.inFlight.get());
        stopRequested.countDown();
        workers.shutdown();
        boolean finished = awaitWorkers(deadline);
        if (!finished) {
            abandoned = true;
            log.warn("shutdown deadline {} passed with {} message(s) in flight; they stay in the queue and become "
                    + "visible again after their visibility timeout", Durations.format(config.shutdownDeadline()),
                    counters.inFlight.get());
            workers.shutdownNow();
        }
        scheduler.shutdownNow();
        joinReceiver(deadline);
        drained = finished;
        log.info("monitor stopped ({}): {}", finished ? "drained" : "deadline passed", counters.snapshot());
        synchronized (lifecycle) {
            state = State.TERMINATED;
        }
        terminated.countDown();
        return finished;
    }

    /** Waits until {@link #stop()} has finished, at most {@code timeout}; true if it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    public MonitorStats stats() {
        return counters.snapshot();
    }

    /** The resolved queue URL; only after {@link #start()}. */
    public String queueUrl() {
        QueueInfo resolved = queue;
        if (resolved == null) {
            throw new IllegalStateException("the monitor has not been started");
        }
        return resolved.url();
    }

    private void receiveLoop() {
        Duration backoff = Duration.ofSeconds(1);
        while (stopRequested.getCount() > 0) {
            int room;
            try {
                room = reserveCapacity();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (room == 0) {
                continue;
            }
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(request -> {
                    request.queueUrl(queue.url())
                            .maxNumberOfMessages(room)
                            .waitTimeSeconds(config.receiveWaitSeconds())
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
                    // a configured visibility timeout applies from the receive on, so the heartbeat's schedule holds
                    config.visibilityTimeout().ifPresent(timeout -> request.visibilityTimeout(
                            (int) queue.visibilityTimeout().toSeconds()));
                }).messages();
                backoff = Duration.ofSeconds(1);
            } catch (RuntimeException e) { // SdkException and anything unexpected: keep receiving
                capacity.release(room);
                if (stopRequested.getCount() == 0) {
                    log.debug("receive ended while stopping: {}", OneLine.of(e));
                    break;
                }
                log.warn("receive from {} failed, retrying in {}: {}", queue.url(), Durations.format(backoff),
                        OneLine.of(e));
                if (awaitStop(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_RECEIVE_BACKOFF) > 0
                        ? MAX_RECEIVE_BACKOFF : backoff.multipliedBy(2);
                continue;
            }
            long receivedAt = System.nanoTime();
            capacity.release(room - messages.size());
            for (Message message : messages) {
                dispatch(message, receivedAt);
            }
        }
        log.debug("receiver stopped");
    }

    /** Waits for at least one free slot and takes as many as one receive may fill; 0 if stopping. */
    private int reserveCapacity() throws InterruptedException {
        while (!capacity.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (stopRequested.getCount() == 0) {
                return 0;
            }
        }
        if (stopRequested.getCount() == 0) {
            capacity.release();
            return 0;
        }
        int room = 1;
        while (room < config.receiveMaxMessages() && capacity.tryAcquire()) {
            room++;
        }
        return room;
    }

    private void dispatch(Message message, long receivedAt) {
        counters.received.incrementAndGet();
        if (stopRequested.getCount() == 0) {
            returnToQueue(message);
            capacity.release();
            return;
        }
        counters.inFlight.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    processor.process(message, receivedAt);
                } catch (RuntimeException e) {
                    counters.failed.incrementAndGet();
                    log.error("message {}: unexpected error, left in the queue: {}", message.messageId(),
                            OneLine.of(e), e);
                } finally {
                    counters.inFlight.decrementAndGet();
                    capacity.release();
                }
            });
        } catch (RejectedExecutionException e) {
            counters.inFlight.decrementAndGet();
            returnToQueue(message);
            capacity.release();
        }
    }

    /** A message received while stopping goes straight back: visible again now, not after its timeout. */
    private void returnToQueue(Message message) {
        counters.returned.incrementAndGet();
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queue.url())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
            log.info("message {} received while stopping; returned to the queue", message.messageId());
        } catch (SdkException e) {
            log.warn("message {} received while stopping; it becomes visible again after its visibility "
                    + "timeout: {}", message.messageId(), OneLine.of(e));
        }
    }

    private boolean awaitWorkers(long deadlineNanos) {
        try {
            return workers.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void joinReceiver(long deadlineNanos) {
        long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            receiver.join(remainingMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            log.info("the receiver is still in its long poll; whatever it receives goes back to the queue");
        }
    }

    private boolean awaitStop(Duration timeout) {
        try {
            return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void awaitTerminationUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDownExecutors() {
        workers.shutdownNow();
        scheduler.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable,
                    prefix.endsWith("-") ? prefix + number.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
