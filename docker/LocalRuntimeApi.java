import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A one-invocation stand-in for Lambda's Runtime API (the interface the Java runtime's bootstrap
 * polls), for docker/verify-jib-offline.sh: {@code java docker/LocalRuntimeApi.java EVENT.json OUT_DIR
 * [TIMEOUT_SECONDS]}. Listens on 127.0.0.1 (a free port, written to OUT_DIR/port), hands EVENT.json to
 * the first {@code GET /2018-06-01/runtime/invocation/next}, and writes what the function posts back to
 * OUT_DIR/response, OUT_DIR/error or OUT_DIR/init-error; then exits 0 (response), 1 (an error) or 2
 * (nothing within the timeout). Later {@code next} calls are held until it exits.
 */
public final class LocalRuntimeApi {
    private static final String PREFIX = "/2018-06-01/runtime/";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java LocalRuntimeApi.java EVENT.json OUT_DIR [TIMEOUT_SECONDS]");
            System.exit(64);
        }
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        Path out = Path.of(args[1]);
        long timeoutSeconds = args.length > 2 ? Long.parseLong(args[2]) : 120;
        String requestId = UUID.randomUUID().toString();
        CountDownLatch done = new CountDownLatch(1);
        int[] exitCode = {2};
        boolean[] handedOut = {false};

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(PREFIX, exchange -> {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            System.err.println("runtime-api: " + method + " " + path + " (" + body.length + " bytes)");
            if (method.equals("GET") && path.equals("invocation/next")) {
                synchronized (handedOut) {
                    if (handedOut[0]) {
                        awaitQuietly(done, timeoutSeconds);
                        exchange.close();
                        return;
                    }
                    handedOut[0] = true;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:000000000000:function:smart-classroom-handler");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                send(exchange, 200, event);
            } else if (method.equals("POST") && path.equals("invocation/" + requestId + "/response")) {
                finish(exchange, out.resolve("response"), body, 0, exitCode, done);
            } else if (method.equals("POST") && path.equals("invocation/" + requestId + "/error")) {
                finish(exchange, out.resolve("error"), body, 1, exitCode, done);
            } else if (method.equals("POST") && path.equals("init/error")) {
                finish(exchange, out.resolve("init-error"), body, 1, exitCode, done);
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        Path portFile = out.resolve("port");
        Files.writeString(out.resolve("port.tmp"), Integer.toString(server.getAddress().getPort()));
        Files.move(out.resolve("port.tmp"), portFile);
        boolean answered = done.await(timeoutSeconds, TimeUnit.SECONDS);
        server.stop(0);
        System.exit(answered ? exitCode[0] : 2);
    }

    private static void finish(HttpExchange exchange, Path file, byte[] body, int code, int[] exitCode, CountDownLatch done)
            throws IOException {
        Files.write(file, body);
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        exitCode[0] = code;
        done.countDown();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(body);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
