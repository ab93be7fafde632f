package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.fanout.FunctionRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
 * and acknowledges the message (see {@link MessageProcessor}). Every message is received with a short lease
 * ({@code visibility.timeout}, default 30 s) that a heartbeat renews while the monitor holds it, so the messages
 * of a monitor that dies come back within one lease. The receiver asks only for as many messages as can start
 * now ({@link AdmissionLimit}: at most {@code concurrency}, less while the function throttles) and for none
 * while the function is unavailable ({@link CircuitBreaker}).
 *
 * <p>{@link #start()} resolves the queue and starts receiving. {@link #stop()} stops receiving (waiting for a
 * long poll in progress and handing back what it returned), hands back the messages not being invoked, lets
 * running invocations finish until the shutdown deadline and then hands back the rest: visible again at once.
 * The clients stay open; their owner closes them after {@code stop()}, when the monitor calls SQS no more.
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
    private final AdmissionLimit admission;
    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(1), Duration.ofSeconds(15));
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Thread receiver;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private final Optional<MetricsPublisher> metrics;
    private final Duration metricsInterval;

    private State state = State.NEW;
    private volatile QueueInfo queue;
    private volatile MessageProcessor processor;
    private volatile boolean drained = true;
    /** Set once the receiver has stopped: from then on the messages waiting for the function are handed back. */
    private volatile boolean releaseHeld;
    /** The threads a fanned-out video's segments wait and invoke on (bounded by the in-flight limit). */
    private final ExecutorService segmentThreads;

    /** A monitor that publishes no metrics (its summary line still logs its counts). */
    public Monitor(MonitorConfig config, SqsClient sqs, LambdaClient lambda) {
        this(config, sqs, lambda, Optional.empty(), MetricsSettings.DEFAULT_INTERVAL);
    }

    /**
     * @param metrics where its counters, the dead-letter queue's depth and its heartbeat go every
     *     {@code metricsInterval}, if anywhere
     */
    public Monitor(MonitorConfig config, SqsClient sqs, LambdaClient lambda, Optional<MetricsPublisher> metrics,
            Duration metricsInterval) {
        this.metrics = requireNonNull(metrics, "metrics");
        this.metricsInterval = requireNonNull(metricsInterval, "metricsInterval");
        this.config = requireNonNull(config, "config");
        this.sqs = requireNonNull(sqs, "sqs");
        this.lambda = requireNonNull(lambda, "lambda");
        this.admission = new AdmissionLimit(config.concurrency());
        this.workers = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("monitor-worker-"));
        this.workers.allowCoreThreadTimeOut(true);
        // one more thread for the metrics, so that a slow PutMetricData never holds up a lease's heartbeat
        this.scheduler = new ScheduledThreadPoolExecutor(metrics.isPresent() ? 3 : 2, daemonThreads("monitor-heartbeat-"));
        this.segmentThreads = Executors.newCachedThreadPool(daemonThreads("monitor-segment-"));
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
            Optional<DeadLetterQueue> deadLetters = resolved.deadLetterUrl()
                    .map(url -> new DeadLetterQueue(sqs, resolved.url(), url, Clock.systemUTC()));
            processor = new MessageProcessor(resolved, config.functionName(), sqs,
                    new FunctionInvoker(config, lambda, json), deadLetters, breaker, admission,
                    new RetryBackoff(config.retryDelay(), config.retryMaxDelay(),
                            () -> ThreadLocalRandom.current().nextDouble()),
                    new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(15),
                            () -> ThreadLocalRandom.current().nextDouble()),
                    counters, () -> releaseHeld, new S3EventNotifications(json),
                    config.fanOut() ? Optional.of(new FanOut(new FunctionRequests(json), segmentThreads,
                            config.segmentRetries(), new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(15),
                                    () -> ThreadLocalRandom.current().nextDouble()), () -> releaseHeld))
                            : Optional.empty());
            state = State.RUNNING;
            log.info("monitor started: queue {} (lease {}, heartbeat every {}, max receives {}, dead-letter queue {}),"
                            + " function {} ({}), concurrency {}, invoke timeout {}, retry back-off {} to {}",
                    resolved.url(), Durations.format(config.lease()), Durations.format(config.heartbeatEvery()),
                    resolved.maxReceiveCount().isPresent() ? resolved.maxReceiveCount().getAsInt() : "-",
                    resolved.deadLetterUrl().orElse("-"), config.functionName(), config.invocationType(),
                    config.concurrency(), Durations.format(config.invokeTimeout()),
                    Durations.format(config.retryDelay()), Durations.format(config.retryMaxDelay()));
            if (!config.summaryInterval().isZero()) {
                long interval = config.summaryInterval().toMillis();
                scheduler.scheduleAtFixedRate(() -> log.info("summary: {}", stats()), interval, interval,
                        TimeUnit.MILLISECONDS);
            }
            metrics.ifPresent(publisher -> {
                MetricsReporter reporter = new MetricsReporter(publisher, counters,
                        MetricsReporter.queueName(resolved.url()),
                        MetricsReporter.deadLetterDepth(sqs, resolved.deadLetterUrl()), Clock.systemUTC());
                long interval = metricsInterval.toMillis();
                scheduler.scheduleAtFixedRate(reporter::report, 0, interval, TimeUnit.MILLISECONDS);
            });
            receiver.start();
        }
    }

    /**
     * Stops receiving (a long poll in progress ends first; what it returned is handed back), hands back the
     * messages that are not being invoked, and waits for the running ones until the shutdown deadline; those
     * still running then are handed back too (visible again at once, their heartbeats closed first). Safe to
     * call more than once and from any thread; later calls wait for the first.
     *
     * @return true when every running message finished before the deadline, false when some were handed back
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
        try {
            drained = stopReceivingAndDrain();
        } finally {
            scheduler.shutdownNow();
            log.info("monitor stopped ({}): {}", drained ? "drained" : "deadline passed", stats());
            synchronized (lifecycle) {
                state = State.TERMINATED;
            }
            terminated.countDown();
        }
        return drained;
    }

    private boolean stopReceivingAndDrain() {
        long deadline = System.nanoTime() + config.shutdownDeadline().toNanos();
        log.info("stopping: no more receives; waiting up to {} for {} message(s) in flight",
                Durations.format(config.shutdownDeadline()), counters.inFlight.get());
        drained = false;
        stopRequested.countDown();
        joinReceiver();
        // only now, so the receiver's last poll cannot take them again: the waiting messages go back
        releaseHeld = true;
        workers.shutdown();
        boolean finished = awaitWorkers(deadline);
        if (!finished) {
            int handedBack = 0;
            for (Lease lease : leases) {
                if (processor.handBack(lease, "-")) {
                    handedBack++;
                }
            }
            log.warn("shutdown deadline {} passed: handed back {} messages still running; they are visible again "
                    + "now", Durations.format(config.shutdownDeadline()), handedBack);
            workers.shutdownNow();
            // a worker that settled its message just before the deadline finishes its delete before the clients close
            awaitWorkers(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
        return finished;
    }

    /** After {@link #stop()}: true when every message finished, false when some were handed back at the deadline. */
    public boolean drained() {
        return drained;
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
        return counters.snapshot(admission::limit);
    }

    /** The resolved queue URL; only after {@link #start()}. */
    public String queueUrl() {
        QueueInfo resolved = queue;
        if (resolved == null) {
            throw new IllegalStateException("the monitor has not been started");
        }
        return resolved.url();
    }

    private boolean isStopping() {
        return stopRequested.getCount() == 0;
    }

    private void receiveLoop() {
        Duration backoff = Duration.ofSeconds(1);
        int leaseSeconds = (int) config.lease().toSeconds();
        while (!isStopping()) {
            if (breaker.isOpen()) {
                awaitStop(Duration.ofMillis(200)); // no new work while the function is unavailable
                continue;
            }
            int room;
            try {
                room = admission.reserve(config.receiveMaxMessages(), this::isStopping);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (room == 0) {
                continue;
            }
            if (breaker.isOpen()) {
                admission.release(room);
                continue;
            }
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(request -> request.queueUrl(queue.url())
                        .maxNumberOfMessages(room)
                        .waitTimeSeconds(config.receiveWaitSeconds())
                        // the lease: a dead monitor's messages come back after it, not the queue's timeout
                        .visibilityTimeout(leaseSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages();
                backoff = Duration.ofSeconds(1);
            } catch (RuntimeException e) { // SdkException and anything unexpected: keep receiving
                admission.release(room);
                if (isStopping()) {
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
            admission.release(room - messages.size());
            for (Message message : messages) {
                dispatch(message, receivedAt);
            }
        }
        log.debug("receiver stopped");
    }

    private void dispatch(Message message, long receivedAt) {
        counters.received.incrementAndGet();
        if (isStopping()) {
            returnToQueue(message);
            admission.release(1);
            return;
        }
        VisibilityHeartbeat heartbeat = VisibilityHeartbeat.start(scheduler, sqs, queue.url(), message, "-",
                config.lease(), config.heartbeatEvery(), receivedAt);
        Lease lease = new Lease(message, heartbeat);
        leases.add(lease);
        counters.inFlight.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    processor.process(lease);
                } catch (RuntimeException e) {
                    counters.failed.incrementAndGet();
                    log.error("message {}: unexpected error, it comes back after its lease: {}", message.messageId(),
                            OneLine.of(e), e);
                } finally {
                    lease.settle(); // no heartbeat outlives the work
                    leases.remove(lease);
                    counters.inFlight.decrementAndGet();
                    admission.release(1);
                }
            });
        } catch (RejectedExecutionException e) {
            leases.remove(lease);
            counters.inFlight.decrementAndGet();
            processor.handBack(lease, "-");
            admission.release(1);
        }
    }

    /** A message received while stopping goes straight back: visible again now, not after its lease. */
    private void returnToQueue(Message message) {
        counters.returned.incrementAndGet();
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queue.url())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
            log.info("message {} received while stopping; handed back to the queue", message.messageId());
        } catch (SdkException | IllegalStateException e) { // IllegalStateException: a closed client
            log.warn("message {} received while stopping; it becomes visible again after its lease: {}",
                    message.messageId(), OneLine.of(e));
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

    /** Waits for a long poll in progress to return (and its messages to be handed back): at most one poll. */
    private void joinReceiver() {
        long waitMillis = TimeUnit.SECONDS.toMillis(config.receiveWaitSeconds() + 15L);
        try {
            receiver.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            log.warn("the receiver's poll did not return within {} s; what it returns comes back after its lease",
                    waitMillis / 1000);
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
        segmentThreads.shutdownNow();
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
