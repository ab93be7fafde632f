package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *   <li>another function name or a qualifier other than {@code $LATEST} → 404 ResourceNotFoundException;
 *       a payload that is not JSON → 400 InvalidRequestContentException; too large → 413 RequestTooLargeException.
 * </ul>
 * Invocations run on {@code workers} threads, so up to that many at once; more wait their turn.
 * The handler must be thread-safe. Listens on 127.0.0.1 only.
 */
public final class LocalInvokeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalInvokeServer.class);

    public static final String LATEST = "$LATEST";
    static final String ACCOUNT_ID = "000000000000";
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    private final RequestStreamHandler handler;
    private final Settings settings;
    private final String functionArn;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService workers;
    private final Object lock = new Object();
    private int inFlight;
    private boolean closing;
    private boolean closed;

    /** What to serve and how. */
    public record Settings(String functionName, int port, int workers, String region, Duration timeout, Duration shutdownGrace) {
        public Settings {
            requireNonNull(functionName, "functionName");
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
        }

        /** A 15-minute function timeout (Lambda's longest) and 30 s to finish running invocations on close. */
        public static Settings of(String functionName, int port, int workers) {
            String region = System.getenv("AWS_REGION");
            return new Settings(functionName, port, workers, region == null || region.isBlank() ? "us-east-1" : region,
                    Duration.ofMinutes(15), Duration.ofSeconds(30));
        }
    }

    private LocalInvokeServer(RequestStreamHandler handler, Settings settings) throws IOException {
        this.handler = handler;
        this.settings = settings;
        this.functionArn = "arn:aws:lambda:" + settings.region() + ":" + ACCOUNT_ID + ":function:" + settings.functionName();
        this.httpThreads = Executors.newCachedThreadPool(daemonThreads("invoke-http-"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemonThreads("invoke-worker-"));
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        } catch (IOException e) {
            httpThreads.shutdownNow();
            workers.shutdownNow();
            throw new IOException("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage(), e);
        }
        server.setExecutor(httpThreads);
        server.createContext("/", this::exchange);
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public static LocalInvokeServer start(RequestStreamHandler handler, Settings settings) throws IOException {
        LocalInvokeServer invokeServer = new LocalInvokeServer(requireNonNull(handler, "handler"), requireNonNull(settings, "settings"));
        invokeServer.server.start();
        log.info("serving function {} on {} with {} workers", settings.functionName(), invokeServer.endpoint(), settings.workers());
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

    private void exchange(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        boolean counted = false;
        try (exchange) {
            synchronized (lock) {
                if (!closing) {
                    inFlight++;
                    counted = true;
                }
            }
            if (!counted) {
                send(exchange, error(requestId, 503, "ServiceException", "the local invoke endpoint is shutting down"));
                return;
            }
            Response response = respond(exchange, requestId);
            if (response.asyncAccepted()) {
                counted = false; // the background invocation gives its count back when it ends
            }
            send(exchange, response);
        } catch (IOException e) {
            log.debug("could not answer request {}: {}", requestId, e.toString());
        } catch (RuntimeException e) {
            log.error("request {} failed inside the invoke endpoint", requestId, e);
        } finally {
            if (counted) {
                invocationEnded();
            }
        }
    }

    private Response respond(HttpExchange exchange, String requestId) throws IOException {
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
        byte[] payload;
        try (InputStream body = exchange.getRequestBody()) {
            payload = body.readNBytes(limit + 1);
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

        switch (invocationType) {
            case "DryRun" -> {
                return new Response(204, requestId, null, new byte[0], false);
            }
            case "Event" -> {
                workers.execute(() -> {
                    try {
                        invoke(payload, requestId, invocationType);
                    } finally {
                        invocationEnded();
                    }
                });
                return new Response(202, requestId, null, new byte[0], true);
            }
            default -> {
                Future<Invocation> future = workers.submit(() -> invoke(payload, requestId, invocationType));
                try {
                    Invocation invocation = future.get();
                    return new Response(200, requestId, invocation.functionError(), invocation.body(), false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    future.cancel(true);
                    return error(requestId, 503, "ServiceException", "the local invoke endpoint stopped during the invocation");
                } catch (ExecutionException e) {
                    return error(requestId, 500, "ServiceException", "the invocation could not run: " + e.getCause());
                }
            }
        }
    }

    /** Runs the function once; any exception or error becomes an Unhandled function error. */
    private Invocation invoke(byte[] payload, String requestId, String invocationType) {
        long start = System.nanoTime();
        MDC.put("requestId", requestId);
        try {
            LocalLambdaContext context = new LocalLambdaContext(requestId, settings.functionName(), functionArn,
                    System.currentTimeMillis() + settings.timeout().toMillis(), (int) (Runtime.getRuntime().maxMemory() >> 20));
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(payload), output, context);
            } catch (Throwable e) {
                log.warn("{} invocation of {} ended with a function error after {} ms: {}",
                        invocationType, settings.functionName(), millisSince(start), e.toString());
                return new Invocation("Unhandled", errorBody(e));
            }
            log.info("{} invocation of {} succeeded in {} ms", invocationType, settings.functionName(), millisSince(start));
            return new Invocation(null, output.toByteArray());
        } finally {
            MDC.remove("requestId");
        }
    }

    /** The body Lambda's Java runtime returns for an uncaught exception. */
    private byte[] errorBody(Throwable error) {
        ObjectNode body = errorNode(error);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode errorNode(Throwable error) {
        ObjectNode node = json.createObjectNode();
        node.put("errorMessage", error.getMessage() == null ? error.toString() : error.getMessage());
        node.put("errorType", error.getClass().getName());
        ArrayNode trace = node.putArray("stackTrace");
        for (StackTraceElement element : error.getStackTrace()) {
            trace.add(element.toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            node.set("cause", errorNode(error.getCause()));
        }
        return node;
    }

    private Response error(String requestId, int status, String type, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("message", message);
        try {
            return new Response(status, requestId, null, json.writeValueAsBytes(body), false, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
            inFlight--;
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
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            abandoned = inFlight;
        }
        if (abandoned > 0) {
            log.warn("stopping with {} invocations still running after {}", abandoned, settings.shutdownGrace());
        }
        server.stop(0);
        workers.shutdownNow();
        httpThreads.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped serving function {}", settings.functionName());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The function's outcome: its output, or an error body with {@code functionError} "Unhandled". */
    private record Invocation(String functionError, byte[] body) {}

    private record Response(int status, String requestId, String functionError, byte[] body, boolean asyncAccepted, String errorType) {
        Response(int status, String requestId, String functionError, byte[] body, boolean asyncAccepted) {
            this(status, requestId, functionError, body, asyncAccepted, null);
        }
    }
}
