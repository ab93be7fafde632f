package io.smartclassroom.handler.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The Invoke API contract, spoken to with the real {@link LambdaClient}. The served function here is a
 * small handler whose payload says what to do (echo, fail, wait), so the HTTP behaviour can be checked
 * exactly; {@link LocalInvokeServerEndToEndTest} serves the real face-recognition function.
 */
class LocalInvokeServerTest {
    private static final String FUNCTION = "smart-classroom-face-recognition";
    static final ServeCredentials CALLER = new ServeCredentials("LOCALTESTCALLER", "per-run-secret-for-this-test");
    private static final int WORKERS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptHandler function = new ScriptHandler();
    private LocalInvokeServer server;
    private LambdaClient lambda;

    @BeforeEach
    void start() throws IOException {
        server = LocalInvokeServer.start(function, LocalInvokeServer.Settings.of(FUNCTION, 0, WORKERS, CALLER));
        lambda = LambdaClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(CALLER.accessKeyId(), CALLER.secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() {
        function.release.countDown();
        lambda.close();
        server.close();
    }

    private InvokeResponse invoke(String payload) {
        return lambda.invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromUtf8String(payload)));
    }

    @Test
    void requestResponseReturnsTheFunctionsOutput() throws Exception {
        InvokeResponse response = invoke("{\"action\":\"echo\",\"text\":\"größe, \\\"quoted\\\"\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        JsonNode output = JSON.readTree(response.payload().asByteArray());
        assertThat(output.at("/received/text").asText()).isEqualTo("größe, \"quoted\"");
        assertThat(output.get("function").asText()).isEqualTo(FUNCTION);
        assertThat(output.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION);
        assertThat(output.get("requestId").asText())
                .isNotBlank()
                .isEqualTo(response.responseMetadata().requestId());
    }

    @Test
    void theFunctionCanBeNamedByArnAndWithTheLatestQualifier() {
        assertThat(lambda.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}"))).statusCode()).isEqualTo(200);
        assertThat(lambda.invoke(b -> b.functionName(FUNCTION).qualifier("$LATEST")
                .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}"))).statusCode()).isEqualTo(200);
    }

    @Test
    void anExceptionInTheFunctionIsAnUnhandledFunctionErrorWithItsMessageAndType() throws Exception {
        InvokeResponse response = invoke("{\"action\":\"fail\",\"message\":\"s3://input/x.mp4 is not a decodable video\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorMessage").asText()).isEqualTo("s3://input/x.mp4 is not a decodable video");
        assertThat(error.get("errorType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.get("stackTrace")).isNotEmpty();
    }

    @Test
    void anEventInvocationIsAcceptedAtOnceAndRunsInTheBackground() throws Exception {
        InvokeResponse response = lambda.invoke(b -> b.functionName(FUNCTION)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"wait\"}")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.payload().asByteArray()).isEmpty();
        assertThat(function.started.await(10, TimeUnit.SECONDS)).as("the function started").isTrue();
        assertThat(function.finished.get()).as("still running after the 202").isZero();
        function.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (function.finished.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(function.finished.get()).isEqualTo(1);
    }

    @Test
    void aDryRunChecksTheRequestWithoutRunningTheFunction() {
        InvokeResponse response = lambda.invoke(b -> b.functionName(FUNCTION)
                .invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(function.invocations.get()).isZero();
    }

    @Test
    void anotherFunctionNameOrQualifierIsResourceNotFound() {
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("no-such-function")
                        .payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Function not found", "no-such-function");
                });
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(FUNCTION).qualifier("prod")
                        .payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(FUNCTION + ":prod");
        assertThat(function.invocations.get()).isZero();
    }

    @Test
    void aPayloadThatIsNotJsonIsRejectedBeforeTheFunctionRuns() {
        assertThatThrownBy(() -> invoke("this is not json"))
                .isInstanceOfSatisfying(InvalidRequestContentException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageContaining("Could not parse request body into json");
        assertThat(function.invocations.get()).isZero();
    }

    @Test
    void upToWorkersInvocationsRunAtTheSameTimeAndTheRestWait() throws Exception {
        int callers = 2 * WORKERS;
        ExecutorService clients = Executors.newFixedThreadPool(callers);
        try {
            List<Future<InvokeResponse>> responses = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                responses.add(clients.submit(() -> invoke("{\"action\":\"meet\"}")));
            }
            for (Future<InvokeResponse> response : responses) {
                InvokeResponse done = response.get(60, TimeUnit.SECONDS);
                assertThat(done.functionError())
                        .as("every invocation met %d others at the barrier: %s", WORKERS - 1, done.payload().asUtf8String())
                        .isNull();
            }
        } finally {
            clients.shutdownNow();
        }
        // Each round of WORKERS invocations can only pass the barrier when all of them run at once,
        // and never more than WORKERS were inside the function together.
        assertThat(function.maxConcurrent.get()).isEqualTo(WORKERS);
        assertThat(function.invocations.get()).isEqualTo(callers);
    }

    @Test
    void closingWaitsForRunningInvocationsAndThenStopsListening() throws Exception {
        InvokeResponse accepted = lambda.invoke(b -> b.functionName(FUNCTION)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"sleep\",\"millis\":500}")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(function.started.await(10, TimeUnit.SECONDS)).isTrue();
        int port = server.port();

        server.close();

        assertThat(function.finished.get()).as("the running invocation finished before close returned").isEqualTo(1);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().startsWith("invoke-") && thread.isAlive())
                .isEmpty();
    }

    /**
     * The served function for these tests: its payload says what to do. {@code echo} returns what it got
     * with its context; {@code fail} throws; {@code wait} blocks until the test releases it; {@code meet}
     * waits (5 s at most) for {@value #WORKERS} invocations to meet at a barrier; {@code sleep} sleeps.
     */
    private static final class ScriptHandler implements RequestStreamHandler {
        final AtomicInteger invocations = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CyclicBarrier meeting = new CyclicBarrier(WORKERS);

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            invocations.incrementAndGet();
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            started.countDown();
            try {
                JsonNode payload = JSON.readTree(input);
                switch (payload.path("action").asText()) {
                    case "echo" -> {
                        ObjectNode result = JSON.createObjectNode();
                        result.set("received", payload);
                        result.put("requestId", context.getAwsRequestId());
                        result.put("function", context.getFunctionName());
                        result.put("arn", context.getInvokedFunctionArn());
                        output.write(JSON.writeValueAsBytes(result));
                    }
                    case "fail" -> throw new IllegalStateException(payload.path("message").asText());
                    case "wait" -> await(release);
                    case "meet" -> meet();
                    case "sleep" -> sleep(payload.path("millis").asLong());
                    default -> throw new IllegalArgumentException("unknown action in " + payload);
                }
                output.write("{\"ok\":true}".getBytes(UTF_8));
            } finally {
                concurrent.decrementAndGet();
                finished.incrementAndGet();
            }
        }

        private void meet() {
            try {
                meeting.await(5, TimeUnit.SECONDS);
                Thread.sleep(50); // stay inside long enough for the next invocation to be counted if it ran too early
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("fewer than " + WORKERS + " invocations ran at the same time", e);
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(Duration.ofMillis(millis).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
