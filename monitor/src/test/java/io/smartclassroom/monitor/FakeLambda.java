package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP endpoint that speaks the Lambda Invoke contract
 * ({@code POST /2015-03-31/functions/{name}/invocations}) and stands in for the function: each test scripts
 * what it does with a {@link Behavior} (succeed, fail, sleep) and reads back what it was sent, how many
 * invocations ran at once and how many completed.
 */
final class FakeLambda implements AutoCloseable {
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    /** One Invoke as the function received it. */
    record Invocation(String functionName, String invocationType, String body, String requestId, long atNanos) {}

    /** What the function answers. */
    sealed interface Reply {
        /** The function returned {@code payload}. */
        record Success(String payload) implements Reply {}

        /** The function threw: 200 with {@code X-Amz-Function-Error: Unhandled}. */
        record FunctionError(String errorType, String errorMessage) implements Reply {}

        /** The Lambda service itself failed, e.g. 500 ServiceException or 429 TooManyRequestsException. */
        record ServiceError(int status, String errorType, String message) implements Reply {}

        /** The function is full: 429 TooManyRequestsException as Lambda (and the local endpoint) sends it. */
        record Throttle() implements Reply {}
    }

    /** Scripts the function; may sleep to simulate a slow function. */
    @FunctionalInterface
    interface Behavior {
        Reply handle(Invocation invocation) throws InterruptedException;
    }

    private final int port;
    private final ExecutorService executor;
    private HttpServer server;
    private final Behavior behavior;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();

    private FakeLambda(Behavior behavior) throws IOException {
        this.behavior = requireNonNull(behavior, "behavior");
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-lambda");
            thread.setDaemon(true);
            return thread;
        });
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        listening.setExecutor(executor);
        listening.createContext("/", this::handle);
        return listening;
    }

    /** The function goes away: its port refuses connections until {@link #resume()}. */
    synchronized void suspend() {
        server.stop(0);
    }

    /** The function is back, on the same port. */
    synchronized void resume() throws IOException {
        server = listen(port);
        server.start();
    }

    static FakeLambda start(Behavior behavior) throws IOException {
        FakeLambda lambda = new FakeLambda(behavior);
        lambda.server.start();
        return lambda;
    }

    static Behavior succeeding(String payload) {
        return invocation -> new Reply.Success(payload);
    }

    static Behavior sleeping(long millis, Behavior then) {
        return invocation -> {
            Thread.sleep(millis);
            return then.handle(invocation);
        };
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    List<Invocation> invocations() {
        return new ArrayList<>(invocations);
    }

    List<String> bodies() {
        return invocations.stream().map(Invocation::body).toList();
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Invocations that have been answered (successfully or not). */
    int completed() {
        return completed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                send(exchange, 404, "{\"message\":\"no such route\"}", "x-amzn-ErrorType", "ResourceNotFoundException");
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            Invocation invocation = new Invocation(path.group(1),
                    invocationType == null ? "RequestResponse" : invocationType, body, UUID.randomUUID().toString(),
                    System.nanoTime());
            invocations.add(invocation);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Reply reply;
            try {
                reply = behavior.handle(invocation);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                inFlight.decrementAndGet();
            }
            exchange.getResponseHeaders().set("x-amzn-RequestId", invocation.requestId());
            if (reply instanceof Reply.Success success) {
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
                send(exchange, "Event".equals(invocation.invocationType()) ? 202 : 200, success.payload());
            } else if (reply instanceof Reply.FunctionError error) {
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
                exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                send(exchange, 200, "{\"errorMessage\":\"" + error.errorMessage() + "\",\"errorType\":\""
                        + error.errorType() + "\"}");
            } else if (reply instanceof Reply.Throttle) {
                send(exchange, 429, "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\","
                        + "\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}",
                        "x-amzn-ErrorType", "TooManyRequestsException");
            } else if (reply instanceof Reply.ServiceError error) {
                send(exchange, error.status(), "{\"message\":\"" + error.message() + "\",\"Type\":\"Service\"}",
                        "x-amzn-ErrorType", error.errorType());
            }
            completed.incrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
