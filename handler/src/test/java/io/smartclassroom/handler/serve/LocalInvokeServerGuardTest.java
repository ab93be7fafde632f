package io.smartclassroom.handler.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Only the holder of the run's credentials gets the function to run: requests that are unsigned, signed
 * with another secret or key, signed too long ago, altered after signing, sent under another Host, or sent
 * with a Content-Type a web page can send unasked are refused before the function sees them; the SDK,
 * {@code curl --aws-sigv4} and the AWS CLI, given the credentials, get through.
 */
class LocalInvokeServerGuardTest {
    private static final String FUNCTION = "guarded-fn";
    private static final String PATH = "/2015-03-31/functions/" + FUNCTION + "/invocations";
    private static final String REGION = "us-east-1";
    private static final ServeCredentials CALLER = new ServeCredentials("LOCALGUARDCALLER", "the-secret-of-this-run-0123456789");
    private static final byte[] EVENT = "{\"Records\":[]}".getBytes(UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicInteger invocations = new AtomicInteger();
    private final RequestStreamHandler function = (input, output, context) -> {
        invocations.incrementAndGet();
        output.write(("{\"ran\":true,\"received\":" + new String(input.readAllBytes(), UTF_8) + "}").getBytes(UTF_8));
    };
    private LocalInvokeServer server;
    private String authority;

    @TempDir
    Path tempDir;

    @BeforeEach
    void start() throws IOException {
        server = LocalInvokeServer.start(function, LocalInvokeServer.Settings.of(FUNCTION, 0, 1, CALLER).withRegion(REGION));
        authority = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> signed(String host, Map<String, String> headers, ServeCredentials credentials, Clock clock) {
        return SignedHttp.sign(host, PATH, headers, EVENT, credentials, REGION, clock);
    }

    private Map<String, String> signedJson(ServeCredentials credentials, Clock clock) {
        return signed(authority, Map.of("Content-Type", "application/json"), credentials, clock);
    }

    private SignedHttp.Answer post(Map<String, String> headers) throws IOException {
        return SignedHttp.post(server.port(), PATH, headers, EVENT);
    }

    private static void assertLambdaError(SignedHttp.Answer answer, int status, String type, String messagePart) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo(type);
        assertThat(answer.header("x-amzn-RequestId")).isNotBlank();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("Type").asText()).isEqualTo("User");
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    @Test
    void aRequestSignedWithTheRunsCredentialsRuns() throws IOException {
        SignedHttp.Answer answer = post(signedJson(CALLER, Clock.systemUTC()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ran\":true,\"received\":{\"Records\":[]}}");
        assertThat(invocations).hasValue(1);
    }

    @Test
    void anUnsignedRequestIsRefused() throws IOException {
        // What a web page's fetch() or a plain curl sends: no Authorization header.
        Map<String, String> headers = Map.of("Host", authority, "Content-Type", "application/json");

        assertLambdaError(post(headers), 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        assertThat(invocations).hasValue(0);
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefused() throws IOException {
        ServeCredentials guess = new ServeCredentials(CALLER.accessKeyId(), "test");

        assertLambdaError(post(signedJson(guess, Clock.systemUTC())), 403, "InvalidSignatureException",
                "signature we calculated does not match");
        assertThat(invocations).hasValue(0);
    }

    @Test
    void aRequestSignedWithAnotherAccessKeyIsRefused() throws IOException {
        ServeCredentials other = new ServeCredentials("test", CALLER.secretAccessKey());

        assertLambdaError(post(signedJson(other, Clock.systemUTC())), 403, "UnrecognizedClientException",
                "security token included in the request is invalid");
        assertThat(invocations).hasValue(0);
    }

    @Test
    void aRequestSignedMoreThanFiveMinutesAgoOrAheadIsRefused() throws IOException {
        Clock sixMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        Clock sixMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
        Clock fourMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4));

        assertLambdaError(post(signedJson(CALLER, sixMinutesAgo)), 403, "InvalidSignatureException", "Signature expired");
        assertLambdaError(post(signedJson(CALLER, sixMinutesAhead)), 403, "InvalidSignatureException", "Signature expired");
        assertThat(invocations).hasValue(0);
        assertThat(post(signedJson(CALLER, fourMinutesAgo)).status()).isEqualTo(200);
    }

    @Test
    void aSignedRequestWhoseBodyOrSignedHeaderChangedIsRefused() throws IOException {
        Map<String, String> headers = signedJson(CALLER, Clock.systemUTC());
        SignedHttp.Answer otherBody = SignedHttp.post(server.port(), PATH, headers, "{\"Records\":[{}]}".getBytes(UTF_8));
        assertLambdaError(otherBody, 403, "InvalidSignatureException", "does not match");

        Map<String, String> replayedAsEvent = new LinkedHashMap<>(signed(authority,
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "DryRun"), CALLER, Clock.systemUTC()));
        replayedAsEvent.put("X-Amz-Invocation-Type", "Event");
        assertLambdaError(post(replayedAsEvent), 403, "InvalidSignatureException", "does not match");
        assertThat(invocations).hasValue(0);
    }

    @Test
    void typesABrowserSendsWithoutAPreflightAreRefusedEvenWhenSigned() throws IOException {
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            assertLambdaError(post(signed(authority, Map.of("Content-Type", type), CALLER, Clock.systemUTC())), 415,
                    "UnsupportedMediaTypeException", "Content-Type '" + type + "' is not accepted");
        }
        assertThat(invocations).hasValue(0);
        // What the SDK sends, what the AWS CLI sends (none), and the other JSON types Lambda's clients use.
        for (Map<String, String> headers : List.of(Map.of("Content-Type", "application/json; charset=utf-8"), Map.<String, String>of(),
                Map.of("Content-Type", "application/x-amz-json-1.1"))) {
            assertThat(post(signed(authority, headers, CALLER, Clock.systemUTC())).status()).as(headers.toString()).isEqualTo(200);
        }
        assertThat(invocations).hasValue(3);
    }

    @Test
    void aHostOtherThanThisEndpointIsRefusedEvenWhenSigned() throws IOException {
        // A page at http://evil.example:PORT whose name was rebound to 127.0.0.1 sends its own name as Host.
        for (String host : List.of("evil.example:" + server.port(), "127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1),
                "127.0.0.1", "localhost.evil.example:" + server.port())) {
            assertLambdaError(post(signed(host, Map.of("Content-Type", "application/json"), CALLER, Clock.systemUTC())), 403,
                    "AccessDeniedException", "does not name this local endpoint");
        }
        Map<String, String> noHost = new LinkedHashMap<>(signedJson(CALLER, Clock.systemUTC()));
        noHost.remove("Host");
        assertThat(post(noHost).status()).isEqualTo(403);
        assertThat(invocations).hasValue(0);

        assertThat(post(signed("localhost:" + server.port(), Map.of("Content-Type", "application/json"), CALLER,
                Clock.systemUTC())).status()).isEqualTo(200);
    }

    @Test
    void theSdksLambdaClientGetsThroughWithTheRunsCredentialsOnly() {
        try (LambdaClient right = client(CALLER); LambdaClient wrong = client(new ServeCredentials(CALLER.accessKeyId(), "test"))) {
            assertThat(right.invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromByteArray(EVENT))).payload().asUtf8String())
                    .contains("\"ran\":true");
            assertThatThrownBy(() -> wrong.invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromByteArray(EVENT))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        assertThat(invocations).hasValue(1);
    }

    @Test
    void curlWithAwsSigV4GetsThroughAndPlainCurlDoesNot() throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed");
        Path event = Files.write(tempDir.resolve("event.json"), EVENT);
        String url = server.endpoint() + PATH;

        Result signed = run(List.of("curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "--aws-sigv4", "aws:amz:" + REGION + ":lambda",
                "--user", CALLER.accessKeyId() + ":" + CALLER.secretAccessKey(), "-H", "Content-Type: application/json",
                "--data-binary", "@" + event, url), Map.of());
        assertThat(signed.output()).endsWith("\n200").contains("\"ran\":true");

        Result plain = run(List.of("curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H", "Content-Type: text/plain",
                "--data-binary", "@" + event, url), Map.of());
        assertThat(plain.output()).endsWith("\n403").contains("Missing Authentication Token");
        assertThat(invocations).hasValue(1);
    }

    @Test
    void theAwsCliGetsThroughWithTheRunsCredentials() throws Exception {
        assumeTrue(onPath("aws"), "the AWS CLI is not installed");
        Path event = Files.write(tempDir.resolve("event.json"), EVENT);
        Path out = tempDir.resolve("out.json");
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", CALLER.accessKeyId(), "AWS_SECRET_ACCESS_KEY", CALLER.secretAccessKey(),
                "AWS_DEFAULT_REGION", REGION, "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

        Result invoked = run(List.of("aws", "lambda", "invoke", "--endpoint-url", server.endpoint().toString(),
                "--function-name", FUNCTION, "--payload", "fileb://" + event, out.toString()), env);
        assertThat(invoked.exitCode()).as(invoked.output()).isZero();
        assertThat(invoked.output()).contains("\"StatusCode\": 200");
        assertThat(Files.readString(out)).isEqualTo("{\"ran\":true,\"received\":{\"Records\":[]}}");

        Map<String, String> wrongSecret = new LinkedHashMap<>(env);
        wrongSecret.put("AWS_SECRET_ACCESS_KEY", "test");
        Result refused = run(List.of("aws", "lambda", "invoke", "--endpoint-url", server.endpoint().toString(),
                "--cli-read-timeout", "10", "--function-name", FUNCTION, "--payload", "fileb://" + event, out.toString()), wrongSecret);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("InvalidSignatureException");
        assertThat(invocations).hasValue(1);
    }

    private LambdaClient client(ServeCredentials credentials) {
        return LambdaClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
