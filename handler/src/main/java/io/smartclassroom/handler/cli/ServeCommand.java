package io.smartclassroom.handler.cli;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.handler.FaceRecognitionHandler;
import io.smartclassroom.handler.HandlerRuntime;
import io.smartclassroom.handler.serve.LocalInvokeServer;
import io.smartclassroom.handler.serve.ServeCredentials;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code handler serve --port N}: runs the function behind a local endpoint that speaks AWS Lambda's
 * Invoke API, configured from the environment like the deployed function, with Lambda's throttling
 * (429 past {@code --workers} running plus {@code --queue-depth} waiting) and function timeout
 * ({@code --timeout}, else {@code AWS_LAMBDA_FUNCTION_TIMEOUT}, else 900 s). Stops on SIGTERM or Ctrl-C.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the face-recognition function on 127.0.0.1 with AWS Lambda's Invoke API "
                    + "(POST /2015-03-31/functions/NAME/invocations), so a LambdaClient with endpointOverride can call it.",
            "Configured from the environment like the deployed function: ENCODINGS (required), OUTPUT_BUCKET, STUDENTS_TABLE, "
                    + "STUDENTS_NAME_INDEX, MODELS_DIR, RECOGNITION_MODEL, SAMPLE_FPS, ENCODINGS_REFRESH_SECONDS, and the AWS SDK's AWS_REGION / AWS_ENDPOINT_URL_*.",
            "Changed encodings are picked up without a restart: checked before a video at most every ENCODINGS_REFRESH_SECONDS (default 60; 0 = every video).",
            "Like Lambda: past --workers running and --queue-depth waiting invocations (RequestResponse or Event), "
                    + "the answer is 429 TooManyRequestsException (ReservedFunctionConcurrentInvocationLimitExceeded); "
                    + "an invocation still running after --timeout gets the Unhandled function error Sandbox.Timedout, "
                    + "and its worker is interrupted and stays busy until the function returns.",
            "Callers must sign with AWS Signature Version 4 (service lambda, the AWS_REGION) using the credentials in "
                    + "SERVE_ACCESS_KEY_ID / SERVE_SECRET_ACCESS_KEY, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the local cloud's "
                    + "env file sets these, with a secret new each run): the SDK, the AWS CLI and curl --aws-sigv4 do. "
                    + "Unsigned or wrongly signed requests get 403, a Host other than 127.0.0.1/localhost/[::1]:PORT 403, "
                    + "a Content-Type other than JSON (text/plain, forms, multipart) 415."
        })
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--workers", description = "Invocations run at once, each with its own recognizer (default: the number of processors).")
    private Integer workers;

    @Option(names = "--queue-depth", paramLabel = "N",
            description = "Invocations that may wait for a worker; more at once are throttled with 429 (default: the number of workers).")
    private Integer queueDepth;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "The function timeout, 1.." + MAX_TIMEOUT_SECONDS + " whole seconds like Lambda's; counted from when a worker "
                    + "starts the invocation (default: $" + TIMEOUT_VARIABLE + ", else " + MAX_TIMEOUT_SECONDS + ").")
    private String timeoutSeconds;

    @Option(names = "--function-name", description = "The function name clients invoke (default: ${DEFAULT-VALUE}).")
    private String functionName = ResourceNames.DEFAULTS.function();

    /** The credentials callers must sign with, when they are not the function's own AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
    public static final String ACCESS_KEY_ID_VARIABLE = "SERVE_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY_VARIABLE = "SERVE_SECRET_ACCESS_KEY";
    /** The variable Lambda's runtime emulator reads the function timeout from. */
    public static final String TIMEOUT_VARIABLE = "AWS_LAMBDA_FUNCTION_TIMEOUT";
    private static final int MAX_TIMEOUT_SECONDS = LocalInvokeServer.MAX_TIMEOUT_SECONDS;

    private final Map<String, String> environment;

    public ServeCommand() {
        this(System.getenv());
    }

    ServeCommand(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        int workerCount = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (workerCount < 1) {
            spec.commandLine().getErr().println("serve: --workers must be at least 1, got " + workerCount);
            return 2;
        }
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("serve: --port must be 0..65535, got " + port);
            return 2;
        }
        int depth = queueDepth == null ? workerCount : queueDepth;
        if (depth < 0) {
            spec.commandLine().getErr().println("serve: --queue-depth must be at least 0, got " + depth);
            return 2;
        }
        Duration timeout;
        ServeCredentials credentials;
        try {
            timeout = functionTimeout();
            credentials = callerCredentials();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("serve: " + e.getMessage());
            return 2;
        }
        HandlerRuntime runtime;
        LocalInvokeServer server;
        try {
            runtime = HandlerRuntime.fromEnvironment(workerCount);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("serve: cannot start the function: " + oneLine(e));
            return 1;
        }
        try {
            server = LocalInvokeServer.start(new FaceRecognitionHandler(runtime),
                    LocalInvokeServer.Settings.of(functionName, port, workerCount, credentials)
                            .withQueueDepth(depth).withTimeout(timeout).withRegion(region()));
        } catch (IOException | RuntimeException e) {
            runtime.close();
            spec.commandLine().getErr().println("serve: " + oneLine(e));
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                runtime.close();
            } finally {
                stopped.countDown();
            }
        }, "serve-shutdown"));
        spec.commandLine().getOut().println("listening on " + server.endpoint());
        spec.commandLine().getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * {@value #ACCESS_KEY_ID_VARIABLE} and {@value #SECRET_ACCESS_KEY_VARIABLE} when either is set, else
     * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; there is no serving without them.
     */
    private ServeCredentials callerCredentials() {
        String idVariable = ACCESS_KEY_ID_VARIABLE;
        String secretVariable = SECRET_ACCESS_KEY_VARIABLE;
        if (isBlank(environment.get(idVariable)) && isBlank(environment.get(secretVariable))) {
            idVariable = "AWS_ACCESS_KEY_ID";
            secretVariable = "AWS_SECRET_ACCESS_KEY";
        }
        String id = environment.get(idVariable);
        String secret = environment.get(secretVariable);
        if (isBlank(id) || isBlank(secret)) {
            throw new IllegalArgumentException("no credentials to check callers' signatures against: set " + idVariable + " and "
                    + secretVariable + (isBlank(id) ? " (" + idVariable + " is not set)" : " (" + secretVariable + " is not set)")
                    + ", e.g. by sourcing the local cloud's env file");
        }
        return new ServeCredentials(id.strip(), secret.strip());
    }

    /** The region callers sign for: AWS_REGION, else us-east-1 (the local cloud's default). */
    private String region() {
        String region = environment.get("AWS_REGION");
        return isBlank(region) ? "us-east-1" : region.strip();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code --timeout}, else {@value #TIMEOUT_VARIABLE}, else Lambda's longest; whole seconds 1..900 like Lambda's. */
    private Duration functionTimeout() {
        String variable = environment.get(TIMEOUT_VARIABLE);
        String source;
        String value;
        if (timeoutSeconds != null) {
            source = "--timeout";
            value = timeoutSeconds;
        } else if (variable != null && !variable.isBlank()) {
            source = TIMEOUT_VARIABLE;
            value = variable;
        } else {
            return LocalInvokeServer.MAX_TIMEOUT;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(source + " must be whole seconds 1.." + MAX_TIMEOUT_SECONDS + ", got '" + value + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
