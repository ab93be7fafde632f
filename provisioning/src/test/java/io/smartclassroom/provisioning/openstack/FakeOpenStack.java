package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.NoDelayServerSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Keystone, Nova, Neutron and Glance on one {@link MockWebServer}: responses are registered by method and path
 * (the query is not part of the key unless a route names it, so the order of query parameters does not matter)
 * and every request is
 * recorded. A request without a registered response gets HTTP 501 and is listed by {@link #unmatched()}, so a
 * test notices calls it did not expect instead of openstack4j quietly reading a 404 as "absent".
 *
 * <p>The catalog of the token points at {@code /compute/v2.1}, {@code /network} and {@code /image} of this
 * server; JSON files of the test resources may use {@code ${BASE}} for the server's URL.
 */
final class FakeOpenStack extends Dispatcher implements AutoCloseable {
    static final String TOKEN = "gAAAAABmZfakeTokenForTests0123456789";
    static final String PROJECT_ID = "0c4e939acacf4376bdcd1129f1a054ad";
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    record Call(String method, String path, String query, String body, byte[] bytes, String token, String contentType) {
        String key() {
            return method + " " + path;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<Function<RecordedRequest, MockResponse>>> routes = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> unmatched = new ArrayList<>();

    FakeOpenStack() {
        server.setDispatcher(this);
        server.setServerSocketFactory(new NoDelayServerSockets());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String token = resource("keystone-token.json");
        on("POST", "/identity/v3/auth/tokens", request -> json(201, token).addHeader("X-Subject-Token", TOKEN));
    }

    /** The server's root URL without a trailing slash. */
    String base() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    String authUrl() {
        return base() + "/identity/v3";
    }

    /** Answers {@code method path} with {@code status} and {@code body} from now on. */
    FakeOpenStack on(String method, String path, int status, String body) {
        return on(method, path, request -> json(status, body));
    }

    synchronized FakeOpenStack on(String method, String path, Function<RecordedRequest, MockResponse> response) {
        Deque<Function<RecordedRequest, MockResponse>> queue = new ArrayDeque<>();
        queue.add(response);
        routes.put(method + " " + path, queue);
        return this;
    }

    /** Answers successive {@code method path} requests with {@code bodies} in turn; the last one repeats. */
    synchronized FakeOpenStack onSequence(String method, String path, int status, List<String> bodies) {
        Deque<Function<RecordedRequest, MockResponse>> queue = new ArrayDeque<>();
        for (String body : bodies) {
            queue.add(request -> json(status, body));
        }
        routes.put(method + " " + path, queue);
        return this;
    }

    /** Answers successive {@code method path} requests with {@code responses} in turn; the last one repeats. */
    synchronized FakeOpenStack onResponses(String method, String path, MockResponse... responses) {
        Deque<Function<RecordedRequest, MockResponse>> queue = new ArrayDeque<>();
        for (MockResponse response : responses) {
            queue.add(request -> response);
        }
        routes.put(method + " " + path, queue);
        return this;
    }

    /** Stops answering {@code method path}. */
    synchronized void off(String method, String path) {
        routes.remove(method + " " + path);
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String target = requireNonNull(request.getPath());
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        byte[] bytes = request.getBody().clone().readByteArray();
        Call call = new Call(request.getMethod(), path, query, new String(bytes, StandardCharsets.UTF_8), bytes,
                request.getHeader("X-Auth-Token"), request.getHeader("Content-Type"));
        calls.add(call);
        // A route registered with its query ("GET /v2.0/networks?name=public") wins over one without.
        Deque<Function<RecordedRequest, MockResponse>> queue = routes.get(call.key() + "?" + query);
        if (queue == null || queue.isEmpty()) {
            queue = routes.get(call.key());
        }
        if (queue == null || queue.isEmpty()) {
            unmatched.add(call.key() + (query.isEmpty() ? "" : "?" + query));
            return json(501, "{\"error\": \"no response registered for " + call.key() + "\"}");
        }
        Function<RecordedRequest, MockResponse> response = queue.size() > 1 ? queue.poll() : queue.peek();
        return response.apply(request);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls other than the Keystone login. */
    synchronized List<Call> apiCalls() {
        return calls.stream().filter(call -> !call.path().startsWith("/identity/")).collect(Collectors.toList());
    }

    synchronized List<Call> calls(String method, String path) {
        return calls.stream().filter(call -> call.method().equals(method) && call.path().equals(path)).collect(Collectors.toList());
    }

    synchronized List<String> unmatched() {
        return List.copyOf(unmatched);
    }

    synchronized void clearCalls() {
        calls.clear();
        unmatched.clear();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json").setBody(body);
    }

    /** A test resource next to this class, with {@code ${BASE}} replaced by this server's URL. */
    String resource(String name) {
        return read(name).replace("${BASE}", base());
    }

    static String read(String name) {
        try (InputStream in = FakeOpenStack.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
