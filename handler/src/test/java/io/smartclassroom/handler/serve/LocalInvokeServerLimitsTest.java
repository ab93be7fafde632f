package io.smartclassroom.handler.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Admission (workers running + queue depth waiting, then 429) and the function timeout (Sandbox.Timedout),
 * spoken to with the real {@link LambdaClient} with its retries off, so a throttle reaches the test as the
 * SDK surfaces it. The served function blocks until the test releases it.
 */
class LocalInvokeServerLimitsTest {
    private static final String FUNCTION = "limits-fn";
    static final ServeCredentials CALLER = new ServeCredentials("LOCALTESTCALLER", "per-run-secret-for-this-test");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOCK = "{\"action\":\"block\"}";
    private static final String STUBBORN = "{\"action\":\"stubborn\"}";
    private static final String ECHO = "{\"action\":\"echo\"}";

    private final LatchedFunction function = new LatchedFunction();
    private final List<CompletableFuture<InvokeResponse>> calls = new ArrayList<>();
    private LocalInvokeServer server;
    private LambdaClient lambda;

    private void start(LocalInvokeServer.Settings settings) throws IOException {
        server = LocalInvokeServer.start(function, settings);
        lambda = LambdaClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(CALLER.accessKeyId(), CALLER.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    @AfterEach
    void stop() {
        function.release.countDown();
        if (lambda != null) {
            lambda.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private InvokeResponse invoke(String payload) {
        return lambda.invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromUtf8String(payload)));
    }

    private InvokeResponse invokeEvent(String payload) {
        return lambda.invoke(b -> b.functionName(FUNCTION).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payload)));
    }

    private CompletableFuture<InvokeResponse> invokeInBackground(String payload) {
        CompletableFuture<InvokeResponse> call = CompletableFuture.supplyAsync(() -> invoke(payload));
        calls.add(call);
        return call;
    }

    private static void assertThrottled(Throwable thrown) {
        assertThat(thrown).isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
            assertThat(e.type()).isEqualTo("User");
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate Exceeded.");
            assertThat(e.requestId()).isNotBlank();
        });
    }

    private static JsonNode json(InvokeResponse response) throws IOException {
        return JSON.readTree(response.payload().asByteArray());
    }

    @Test
    void pastWorkersPlusTheDefaultQueueDepthEveryInvocationIsThrottledWithTheSdksException() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 2, CALLER)); // the queue depth defaults to the workers: 2 run, 2 wait

        for (int i = 0; i < 4; i++) {
            assertThat(invokeEvent(BLOCK).statusCode()).as("event invocation %d is admitted", i + 1).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> function.running.get() == 2);
        assertThat(server.admittedInvocations()).isEqualTo(4);

        assertThatThrownBy(() -> invoke(ECHO)).satisfies(LocalInvokeServerLimitsTest::assertThrottled);
        assertThatThrownBy(() -> invokeEvent(ECHO)).satisfies(LocalInvokeServerLimitsTest::assertThrottled);
        assertThat(function.invocations.get()).as("only the two on workers started; the throttled never ran").isEqualTo(2);

        function.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 0);
        assertThat(function.finished.get()).isEqualTo(4);
        InvokeResponse again = invoke(ECHO);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.functionError()).isNull();
    }

    @Test
    void waitingRequestResponseInvocationsCountTowardsTheLimitAndAreServedOnceAWorkerIsFree() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withQueueDepth(1));

        CompletableFuture<InvokeResponse> running = invokeInBackground(BLOCK);
        await().atMost(Duration.ofSeconds(10)).until(() -> function.running.get() == 1);
        CompletableFuture<InvokeResponse> waiting = invokeInBackground(BLOCK);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 2);

        assertThatThrownBy(() -> invoke(ECHO)).satisfies(LocalInvokeServerLimitsTest::assertThrottled);
        assertThat(running).isNotDone();
        assertThat(waiting).isNotDone();

        function.release.countDown();
        for (CompletableFuture<InvokeResponse> call : List.of(running, waiting)) {
            InvokeResponse response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
            assertThat(json(response).get("ok").asBoolean()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 0);
        assertThat(invoke(ECHO).functionError()).isNull();
    }

    @Test
    void aQueueDepthOfZeroAdmitsOnlyAsManyAsRunAndTheThrottleIsLambdasExactResponse() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withQueueDepth(0));
        assertThat(invokeEvent(BLOCK).statusCode()).isEqualTo(202);

        String path = "/2015-03-31/functions/" + FUNCTION + "/invocations";
        byte[] echo = ECHO.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SignedHttp.Answer throttled = SignedHttp.post(server.port(), path, SignedHttp.sign("127.0.0.1:" + server.port(), path,
                Map.of("Content-Type", "application/json"), echo, CALLER, "us-east-1", java.time.Clock.systemUTC()), echo);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("x-amzn-ErrorType")).isEqualTo("TooManyRequestsException");
        assertThat(throttled.header("x-amzn-RequestId")).isNotBlank();
        assertThat(throttled.body()).isEqualTo(
                "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}");
    }

    @Test
    void anInvocationPastTheTimeoutIsSandboxTimedoutAndItsWorkerIsInterrupted() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withQueueDepth(0).withTimeout(Duration.ofSeconds(1)));

        InvokeResponse response = invoke(BLOCK);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response);
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.get("errorMessage").asText())
                .isEqualTo("RequestId: " + response.responseMetadata().requestId() + " Error: Task timed out after 1.00 seconds");
        assertThat(response.payload().asUtf8String()).startsWith("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":");
        await().atMost(Duration.ofSeconds(10)).until(() -> function.interrupted.get() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 0);

        JsonNode next = json(invoke(ECHO));
        assertThat(next.get("interrupted").asBoolean()).as("the timeout's interrupt did not reach the next invocation").isFalse();
    }

    @Test
    void aTimedOutFunctionThatIgnoresTheInterruptKeepsItsWorkerBusyUntilItReallyReturns() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withQueueDepth(0).withTimeout(Duration.ofSeconds(1)));

        InvokeResponse timedOut = invoke(STUBBORN);

        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        assertThat(json(timedOut).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        await().atMost(Duration.ofSeconds(10)).until(() -> function.interrupted.get() == 1);
        assertThat(function.running.get()).as("the function is still running on its worker").isEqualTo(1);
        assertThat(server.admittedInvocations()).isEqualTo(1);
        assertThatThrownBy(() -> invoke(ECHO)).satisfies(LocalInvokeServerLimitsTest::assertThrottled);

        function.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 0);
        InvokeResponse next = invoke(ECHO);
        assertThat(next.functionError()).as(next.payload().asUtf8String()).isNull();
    }

    @Test
    void anEventInvocationIsTimedOutAndInterruptedToo() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withTimeout(Duration.ofSeconds(1)));

        assertThat(invokeEvent(BLOCK).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> function.interrupted.get() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admittedInvocations() == 0);
    }

    @Test
    void theRemainingTimeCountsDownFromTheFunctionTimeout() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withTimeout(Duration.ofSeconds(30)));

        JsonNode readings = json(invoke("{\"action\":\"remaining\",\"pauseMillis\":1100}"));

        long first = readings.get("first").asLong();
        long second = readings.get("second").asLong();
        assertThat(first).as("at the start of the invocation").isBetween(20_000L, 30_000L);
        assertThat(second).as("after a pause of 1.1 s").isLessThanOrEqualTo(first - 1_000).isPositive();
    }

    @Test
    void theDefaultFunctionTimeoutIsLambdasLongestAndTheRemainingTimeStartsThere() throws Exception {
        start(LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER));

        JsonNode readings = json(invoke("{\"action\":\"remaining\",\"pauseMillis\":0}"));

        assertThat(readings.get("first").asLong()).isBetween(890_000L, 900_000L);
    }

    /**
     * The served function: {@code block} waits for the test's release (an interrupt ends it);
     * {@code stubborn} waits for the release and ignores interrupts; {@code echo} says whether its thread
     * was interrupted; {@code remaining} reads the remaining time twice, {@code pauseMillis} apart.
     */
    private static final class LatchedFunction implements RequestStreamHandler {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger invocations = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            invocations.incrementAndGet();
            running.incrementAndGet();
            try {
                JsonNode payload = JSON.readTree(input);
                switch (payload.path("action").asText()) {
                    case "block" -> block();
                    case "stubborn" -> blockIgnoringInterrupts();
                    case "echo" -> {
                        output.write(("{\"interrupted\":" + Thread.currentThread().isInterrupted() + "}").getBytes(UTF_8));
                        return;
                    }
                    case "remaining" -> {
                        int first = context.getRemainingTimeInMillis();
                        pause(payload.path("pauseMillis").asLong());
                        int second = context.getRemainingTimeInMillis();
                        output.write(("{\"first\":" + first + ",\"second\":" + second + "}").getBytes(UTF_8));
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown action in " + payload);
                }
                output.write("{\"ok\":true}".getBytes(UTF_8));
            } finally {
                running.decrementAndGet();
                finished.incrementAndGet();
            }
        }

        private void block() {
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released within 60 s");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while blocked", e);
            }
        }

        private void blockIgnoringInterrupts() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (release.getCount() > 0 && System.nanoTime() < deadline) {
                try {
                    release.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
