package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.handler.FaceRecognitionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A local endpoint for one function that speaks AWS Lambda's Invoke API, so the real
 * {@code LambdaClient} (with {@code endpointOverride}) can call it:
 * {@code POST /2015-03-31/functions/{name}/invocations}.
 * <ul>
 *   <li>RequestResponse (default) → 200, the function's output, {@code X-Amz-Executed-Version: $LATEST};
 *   <li>{@code X-Amz-Invocation-Type: Event} → 202 at once, the function runs in the background;
 *   <li>{@code DryRun} → 204;
 *   <li>an exception out of the function → 200, {@code X-Amz-Function-Error: Unhandled} and
 *       {@code {"errorMessage":..,"errorType":..,"stackTrace":[..]}};
 *   <li>a function still running after the function timeout → 200, {@code X-Amz-Function-Error: Unhandled} and
 *       {@code {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ID Error: Task timed out after 900.00 seconds"}};
 *       its worker is interrupted and stays busy until the function really returns;
 *   <li>more invocations than {@code workers} running plus {@code queueDepth} waiting (RequestResponse and
 *       Event alike) → 429 TooManyRequestsException, reason ReservedFunctionConcurrentInvocationLimitExceeded,
 *       as Lambda answers a function at its reserved concurrency;
 *   <li>another function name or a qualifier other than {@code $LATEST} → 404 ResourceNotFoundException;
 *       a payload that is not JSON → 400 InvalidRequestContentException; too large → 413 RequestTooLargeException.
 * </ul>
 * The timeout counts from when a worker starts the function, as on Lambda (time spent waiting for a
 * worker is not part of it). The handler must be thread-safe. Listens on 127.0.0.1 only.
 *
 * <p>Only the holder of the run's credentials can invoke it, as only the holder of an IAM principal's can
 * invoke a deployed function; every request, before anything else, must pass:
 * <ul>
 *   <li>a {@code Host} header naming this endpoint ({@code 127.0.0.1:PORT}, {@code localhost:PORT} or
 *       {@code [::1]:PORT}), else 403 AccessDeniedException — a page that rebinds its own DNS name to
 *       127.0.0.1 sends its own name;
 *   <li>an AWS Signature Version 4 made with {@link Settings#credentials()} for service {@code lambda} and the
 *       endpoint's region, signed less than 5 minutes ago, else 403 (MissingAuthenticationTokenException,
 *       IncompleteSignatureException, UnrecognizedClientException or InvalidSignatureException), which the SDK,
 *       the AWS CLI and {@code curl --aws-sigv4} make — a web page cannot, not knowing the secret;
 *   <li>no {@code Content-Type} (the AWS CLI sends none, nor does the SDK for an empty payload) or a JSON one
 *       ({@code application/json}, which the SDK sends, or {@code application/x-amz-json-1.0/1.1}), else
 *       415 UnsupportedMediaTypeException: the types a browser may send without asking first
 *       ({@code text/plain}, forms, multipart) are refused even when signed.
 * </ul>
 */
public final class LocalInvokeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalInvokeServer.class);

    public static final String LATEST = "$LATEST";
    /** Lambda's longest function timeout, and the default here. */
    public static final int MAX_TIMEOUT_SECONDS = 900;
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(MAX_TIMEOUT_SECONDS);
    static final String ACCOUNT_ID = "000000000000";
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    private static final Set<String> ACCEPTED_CONTENT_TYPES =
            Set.of("application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1");
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    private final RequestStreamHandler handler;
    private final Settings settings;
    private final String functionArn;
    private final int memoryLimitMb = (int) (Runtime.getRuntime().maxMemory() >> 20);
    private final ObjectMapper json = new ObjectMapper();
    private final LambdaErrors errors = new LambdaErrors(json);
    private final S3EventNotifications events = new S3EventNotifications(json);
    private final SigV4Verifier signatures;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final Object lock = new Object();
    private int exchanges; // guarded by lock: requests being answered
    private int admitted; // guarded by lock: invocations waiting, running, or timed out and still running
    private boolean closing;
    private boolean closed;

    /**
     * What to serve and how: {@code workers} invocations run at once and {@code queueDepth} more may wait
     * for a worker; past that, requests are throttled (429). {@code timeout} is the function timeout.
     */
    public record Settings(String functionName, int port, int workers, int queueDepth, String region, Duration timeout,
            Duration shutdownGrace, ServeCredentials credentials) {
        public Settings {
            requireNonNull(functionName, "functionName");
            requireNonNull(credentials, "credentials");
            requireNonNull(region, "region");
            requireNonNull(timeout, "timeout");
            requireNonNull(shutdownGrace, "shutdownGrace");
            if (functionName.isBlank()) {
                throw new IllegalArgumentException("the function name is empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + workers);
            }
            if (queueDepth < 0) {
                throw new IllegalArgumentException("queue depth must be at least 0: " + queueDepth);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the function timeout must be positive: " + timeout);
            }
        }

        /**
         * As many may wait as run, Lambda's longest function timeout (15 minutes), and 30 s to finish
         * running invocations on close.
         */
        public static Settings of(String functionName, int port, int workers, ServeCredentials credentials) {
            String region = System.getenv("AWS_REGION");
            return new Settings(functionName, port, workers, workers, region == null || region.isBlank() ? "us-east-1" : region,
                    MAX_TIMEOUT, Duration.ofSeconds(30), credentials);
        }

        public Settings withQueueDepth(int depth) {
            return new Settings(functionName, port, workers, depth, region, timeout, shutdownGrace, credentials);
        }

        public Settings withTimeout(Duration functionTimeout) {
            return new Settings(functionName, port, workers, queueDepth, region, functionTimeout, shutdownGrace, credentials);
        }

        public Settings withRegion(String signingRegion) {
            return new Settings(functionName, port, workers, queueDepth, signingRegion, timeout, shutdownGrace, credentials);
        }

        /** The most invocations admitted at once: running plus waiting. */
        public int admissionLimit() {
            return workers + queueDepth;
        }
    }

    private LocalInvokeServer(RequestStreamHandler handler, Settings settings) throws IOException {
        this.handler = handler;
        this.settings = settings;
        this.functionArn = "arn:aws:lambda:" + settings.region() + ":" + ACCOUNT_ID + ":function:" + settings.functionName();
        this.signatures = new SigV4Verifier(settings.credentials(), settings.region(), Clock.systemUTC());
        this.httpThreads = Executors.newCachedThreadPool(daemonThreads("invoke-http-"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemonThreads("invoke-worker-"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("invoke-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        } catch (IOException e) {
            httpThreads.shutdownNow();
            workers.shutdownNow();
            timer.shutdownNow();
            throw new IOException("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage(), e);
        }
        server.setExecutor(httpThreads);
        server.createContext("/", this::exchange);
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public static LocalInvokeServer start(RequestStreamHandler handler, Settings settings) throws IOException {
        LocalInvokeServer invokeServer = new LocalInvokeServer(requireNonNull(handler, "handler"), requireNonNull(settings, "settings"));
        invokeServer.server.start();
        log.info("serving function {} on {} with {} workers, queue depth {}, function timeout {} seconds; callers must sign "
                        + "with access key id {} (SigV4, service lambda, region {})",
                settings.functionName(), invokeServer.endpoint(), settings.workers(), settings.queueDepth(),
                LambdaErrors.seconds(settings.timeout()), settings.credentials().accessKeyId(), settings.region());
        return invokeServer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, for the Lambda client's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String functionName() {
        return settings.functionName();
    }

    public int workers() {
        return settings.workers();
    }

    /** Invocations admitted and not yet over: waiting, running, or timed out with the function still running. */
    int admittedInvocations() {
        synchronized (lock) {
            return admitted;
        }
    }

    private void exchange(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        boolean counted = false;
        MDC.put(FaceRecognitionHandler.MDC_REQUEST_ID, requestId);
        try (exchange) {
            synchronized (lock) {
                if (!closing) {
                    exchanges++;
                    counted = true;
                }
            }
            if (!counted) {
                send(exchange, error(requestId, 503, "ServiceException", "the local invoke endpoint is shutting down"));
                return;
            }
            send(exchange, respond(exchange, requestId));
        } catch (IOException e) {
            log.debug("could not answer request {}: {}", requestId, e.toString());
        } catch (RuntimeException e) {
            log.error("request {} failed inside the invoke endpoint", requestId, e);
        } finally {
            if (counted) {
                synchronized (lock) {
                    exchanges--;
                    lock.notifyAll();
                }
            }
            MDC.remove(FaceRecognitionHandler.MDC_VIDEO_KEY);
            MDC.remove(FaceRecognitionHandler.MDC_REQUEST_ID);
        }
    }

    private Response respond(HttpExchange exchange, String requestId) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (!isThisEndpoint(host)) {
            log.warn("refused a {} request for Host '{}' (not this endpoint, port {})", exchange.getRequestMethod(), host, port());
            return error(requestId, 403, "AccessDeniedException", "the Host header '" + host + "' does not name this local "
                    + "endpoint: only 127.0.0.1:" + port() + ", localhost:" + port() + " or [::1]:" + port() + " are served");
        }
        byte[] payload;
        try (InputStream body = exchange.getRequestBody()) {
            payload = body.readNBytes(MAX_SYNC_PAYLOAD + 1);
        }
        if (payload.length > MAX_SYNC_PAYLOAD) {
            return error(requestId, 413, "RequestTooLargeException",
                    "Request must be smaller than " + MAX_SYNC_PAYLOAD + " bytes for the RequestResponse invocation type");
        }
        Optional<SigV4Verifier.Rejection> refused = signatures.verify(new SigV4Verifier.ReceivedRequest(
                exchange.getRequestMethod(), host, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), payload));
        if (refused.isPresent()) {
            log.warn("refused a {} request to {}: {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    refused.get().errorType(), refused.get().message());
            return error(requestId, 403, refused.get().errorType(), refused.get().message());
        }
        List<String> contentTypes = exchange.getRequestHeaders().getOrDefault("Content-Type", List.of());
        String contentType = contentTypes.isEmpty() ? null : String.join(", ", contentTypes);
        if (contentTypes.size() > 1 || !isAcceptedContentType(contentType)) {
            return error(requestId, 415, "UnsupportedMediaTypeException", "Content-Type '" + contentType
                    + "' is not accepted: send application/json (or no Content-Type)");
        }
        Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!path.matches()) {
            return error(requestId, 404, "UnknownOperationException", "unknown operation " + exchange.getRequestMethod()
                    + " " + exchange.getRequestURI().getRawPath() + "; this endpoint serves only Invoke");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return error(requestId, 405, "UnknownOperationException", "Invoke is POST, not " + exchange.getRequestMethod());
        }
        FunctionTarget target = FunctionTarget.parse(URLDecoder.decode(path.group(1).replace("+", "%2B"), StandardCharsets.UTF_8),
                queryParameter(exchange.getRequestURI().getRawQuery(), "Qualifier"));
        if (!target.name().equals(settings.functionName()) || (target.qualifier() != null && !LATEST.equals(target.qualifier()))) {
            String requested = target.qualifier() == null ? target.name() : target.name() + ":" + target.qualifier();
            return error(requestId, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:"
                    + settings.region() + ":" + ACCOUNT_ID + ":function:" + requested);
        }

        String invocationType = header(exchange, "X-Amz-Invocation-Type", "RequestResponse");
        int limit;
        switch (invocationType) {
            case "RequestResponse", "DryRun" -> limit = MAX_SYNC_PAYLOAD;
            case "Event" -> limit = MAX_ASYNC_PAYLOAD;
            default -> {
                return error(requestId, 400, "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not " + invocationType);
            }
        }
        if (payload.length > limit) {
            return error(requestId, 413, "RequestTooLargeException",
                    "Request must be smaller than " + limit + " bytes for the " + invocationType + " invocation type");
        }
        if (payload.length > 0) {
            try {
                json.readTree(payload);
            } catch (IOException e) {
                return error(requestId, 400, "InvalidRequestContentException",
                        "Could not parse request body into json: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if ("DryRun".equals(invocationType)) {
            return new Response(204, requestId, null, new byte[0], null);
        }
        InvocationRequest request = new InvocationRequest(settings.functionName(), requestId, invocationType, payload,
                InvocationRequest.videoKeyOf(payload, events));
        if (request.videoKey() != null) {
            MDC.put(FaceRecognitionHandler.MDC_VIDEO_KEY, request.videoKey());
        }
        return invoke(request);
    }

    /** Admits the invocation or throttles it; runs it on a worker; answers at once for Event, at its end otherwise. */
    private Response invoke(InvocationRequest request) {
        String requestId = request.requestId();
        int admittedBefore;
        synchronized (lock) {
            admittedBefore = admitted;
            if (admitted < settings.admissionLimit()) {
                admitted++;
            }
        }
        if (admittedBefore >= settings.admissionLimit()) {
            log.info("throttled {} invocation of {}: {} invocations admitted, the limit is {} ({} workers + queue depth {})",
                    request.invocationType(), settings.functionName(), admittedBefore, settings.admissionLimit(),
                    settings.workers(), settings.queueDepth());
            return new Response(429, requestId, null, errors.throttled(), LambdaErrors.THROTTLED_TYPE);
        }
        AdmittedInvocation invocation = new AdmittedInvocation(request, handler,
                (id, deadlineNanos) -> new LocalLambdaContext(id, settings.functionName(), functionArn, System::nanoTime,
                        deadlineNanos, memoryLimitMb),
                settings.timeout(), timer, errors, this::invocationEnded);
        try {
            workers.execute(invocation);
        } catch (RejectedExecutionException e) {
            invocationEnded();
            return error(requestId, 503, "ServiceException", "the local invoke endpoint is shutting down");
        }
        if ("Event".equals(request.invocationType())) {
            return new Response(202, requestId, null, new byte[0], null);
        }
        try {
            InvocationOutcome outcome = invocation.outcome().get();
            return new Response(200, requestId, outcome.functionError(), outcome.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(requestId, 503, "ServiceException", "the local invoke endpoint stopped during the invocation");
        } catch (ExecutionException | CancellationException e) {
            return error(requestId, 503, "ServiceException", "the invocation could not run: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
    }

    private Response error(String requestId, int status, String type, String message) {
        return new Response(status, requestId, null, errors.apiError(status, message), type);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("x-amzn-RequestId", response.requestId());
        if (response.errorType() != null) {
            headers.set("x-amzn-ErrorType", response.errorType());
        }
        if (response.status() == 200) {
            headers.set("X-Amz-Executed-Version", LATEST);
        }
        if (response.functionError() != null) {
            headers.set("X-Amz-Function-Error", response.functionError());
        }
        if (response.body().length > 0) {
            headers.set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        if (response.body().length > 0) {
            exchange.getResponseBody().write(response.body());
        }
    }

    /** Whether a Host header names this endpoint; anything else is another site (a rebound DNS name) or a mistake. */
    private boolean isThisEndpoint(String host) {
        if (host == null) {
            return false;
        }
        String port = Integer.toString(port());
        String value = host.strip().toLowerCase(Locale.ROOT);
        return value.equals("127.0.0.1:" + port) || value.equals("localhost:" + port) || value.equals("[::1]:" + port);
    }

    /** None (the AWS CLI's, the SDK's for an empty payload) or JSON (the SDK's); never a type a browser sends unasked. */
    static boolean isAcceptedContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return ACCEPTED_CONTENT_TYPES.contains(mediaType);
    }

    private static String header(HttpExchange exchange, String name, String defaultValue) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void invocationEnded() {
        synchronized (lock) {
            admitted--;
            lock.notifyAll();
        }
    }

    /**
     * Stops taking requests, waits (up to the shutdown grace period) for running and queued invocations
     * to finish, then stops the threads. Does not close the handler.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        int abandoned;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            try {
                while ((exchanges > 0 || admitted > 0) && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            abandoned = admitted;
        }
        if (abandoned > 0) {
            log.warn("stopping with {} invocations still admitted after {}", abandoned, settings.shutdownGrace());
        }
        server.stop(0);
        for (Runnable neverStarted : workers.shutdownNow()) {
            if (neverStarted instanceof AdmittedInvocation invocation) {
                invocation.drop();
            }
        }
        timer.shutdownNow();
        httpThreads.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped serving function {}", settings.functionName());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Response(int status, String requestId, String functionError, byte[] body, String errorType) {}
}
