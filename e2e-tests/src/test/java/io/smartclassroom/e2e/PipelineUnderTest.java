package io.smartclassroom.e2e;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.common.fanout.FunctionRequests;
import io.smartclassroom.handler.FaceRecognitionHandler;
import io.smartclassroom.handler.HandlerConfig;
import io.smartclassroom.handler.HandlerRuntime;
import io.smartclassroom.handler.cli.HandlerCli;
import io.smartclassroom.handler.serve.LocalInvokeServer;
import io.smartclassroom.handler.serve.ServeCredentials;
import io.smartclassroom.monitor.AwsClients;
import io.smartclassroom.monitor.Monitor;
import io.smartclassroom.monitor.MonitorConfig;
import io.smartclassroom.monitor.QueueRef;
import io.smartclassroom.provisioning.ProvisioningCli;
import io.smartclassroom.provisioning.aws.SdkCloudClientFactory;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in this JVM, wired the way the jars wire it: provisioning's command line, the
 * handler's {@code enroll} command, the function behind the local Lambda invoke endpoint, and the
 * monitor. Every AWS client finds the cloud through the SDK's own settings: the endpoints, region and
 * credentials are set as the SDK's system properties (the in-process twin of {@code AWS_ENDPOINT_URL_*}).
 */
final class PipelineUnderTest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineUnderTest.class);
    static final ResourceNames NAMES = ResourceNames.DEFAULTS;
    private static final Map<String, String> SYSTEM_PROPERTY_BY_VARIABLE = Map.of(
            "AWS_ENDPOINT_URL_S3", "aws.endpointUrlS3",
            "AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs",
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb",
            "AWS_REGION", "aws.region",
            "AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> environment;
    private final Map<String, String> functionSettings;
    private final boolean fanOut;
    /** The kind of every payload the function was invoked with: event, plan, segment or merge. */
    private final List<String> invocations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Monitor monitor;
    private SqsClient sqs;
    private FaceRecognitionHandler handler;
    private HandlerRuntime runtime;

    private PipelineUnderTest(Map<String, String> environment, Map<String, String> functionSettings, boolean fanOut) {
        this.environment = Map.copyOf(environment);
        this.functionSettings = Map.copyOf(functionSettings);
        this.fanOut = fanOut;
    }

    /**
     * Provisions the cloud behind {@code environment}, enrolls the course's students and starts the
     * function endpoint and the monitor.
     *
     * @param localCloud whether the cloud is the project's local cloud (provisioning's {@code --local-cloud})
     */
    static PipelineUnderTest start(Assets assets, Map<String, String> environment, boolean localCloud, Path workDir,
            int maxReceiveCount, Duration visibilityTimeout) throws IOException {
        return start(assets, environment, localCloud, workDir, maxReceiveCount, visibilityTimeout, Map.of(), false);
    }

    /**
     * Like {@link #start(Assets, Map, boolean, Path, int, Duration)}, with more settings of the function
     * ({@code functionSettings}, e.g. SEGMENT_SECONDS) and the monitor fanning long videos out or not.
     */
    static PipelineUnderTest start(Assets assets, Map<String, String> environment, boolean localCloud, Path workDir,
            int maxReceiveCount, Duration visibilityTimeout, Map<String, String> functionSettings, boolean fanOut)
            throws IOException {
        PipelineUnderTest pipeline = new PipelineUnderTest(environment, functionSettings, fanOut);
        try {
            pipeline.startAll(assets, localCloud, workDir, maxReceiveCount, visibilityTimeout);
            return pipeline;
        } catch (IOException | RuntimeException | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(Assets assets, boolean localCloud, Path workDir, int maxReceiveCount,
            Duration visibilityTimeout) throws IOException {
        environment.forEach((variable, value) -> {
            String property = SYSTEM_PROPERTY_BY_VARIABLE.get(variable);
            if (property != null) {
                System.setProperty(property, value);
            }
        });

        Path encodings = workDir.resolve("encodings.json");
        run(new CommandLine(new HandlerCli()), "enroll", "--images", assets.enrollPhotos().toString(),
                "--out", encodings.toString(), "--models-dir", assets.models().toString(),
                "--model", assets.recognitionModel());

        List<String> up = new ArrayList<>(List.of("up", "--data", repositoryFile("data/student_data.json").toString(),
                "--encodings", encodings.toString(),
                "--max-receive-count", Integer.toString(maxReceiveCount),
                "--visibility-timeout", Long.toString(visibilityTimeout.toSeconds())));
        if (localCloud) {
            up.add("--local-cloud");
        }
        run(ProvisioningCli.commandLine(new SdkCloudClientFactory(environment), environment), up.toArray(String[]::new));

        Map<String, String> handlerEnv = new HashMap<>(environment);
        handlerEnv.put(HandlerConfig.INPUT_BUCKET, NAMES.inputBucket());
        handlerEnv.put(HandlerConfig.OUTPUT_BUCKET, NAMES.outputBucket());
        handlerEnv.put(HandlerConfig.STUDENTS_TABLE, NAMES.table());
        // Where provisioning put them: a bucket of their own, which result readers cannot read.
        handlerEnv.put(HandlerConfig.ENCODINGS, ProvisioningConfig.defaultEncodingsLocation(NAMES.outputBucket()).toString());
        handlerEnv.put(HandlerConfig.MODELS_DIR, assets.models().toString());
        handlerEnv.put(HandlerConfig.RECOGNITION_MODEL, assets.recognitionModel());
        handlerEnv.putAll(functionSettings);
        runtime = HandlerRuntime.start(HandlerConfig.fromEnvironment(handlerEnv), 2);
        started.add(runtime);
        handler = new FaceRecognitionHandler(runtime);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        LocalInvokeServer function = LocalInvokeServer.start((input, output, context) -> {
                    byte[] payload = input.readAllBytes();
                    invocations.add(kind(json, payload));
                    handler.handleRequest(new java.io.ByteArrayInputStream(payload), output, context);
                },
                // Lambda-like admission: 2 running + 2 waiting, then 429, which the monitor answers by backing off.
                // Callers sign with the cloud's credentials, as the monitor's LambdaClient does (from aws.accessKeyId/...).
                LocalInvokeServer.Settings.of(NAMES.function(), 0, 2, new ServeCredentials(
                        requireNonNull(environment.get("AWS_ACCESS_KEY_ID"), "AWS_ACCESS_KEY_ID in the cloud's environment"),
                        requireNonNull(environment.get("AWS_SECRET_ACCESS_KEY"), "AWS_SECRET_ACCESS_KEY in the cloud's environment")))
                        .withRegion(environment.getOrDefault("AWS_REGION", "us-east-1")));
        started.add(function);

        MonitorConfig config = new MonitorConfig(new QueueRef.Name(NAMES.queue()), NAMES.function(), 20,
                Optional.of(environment.getOrDefault("AWS_REGION", "us-east-1")), InvocationType.REQUEST_RESPONSE,
                1, 10, Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(1)),
                MonitorConfig.DEFAULT_FUNCTION_TIMEOUT, MonitorConfig.DEFAULT_FUNCTION_TIMEOUT_MARGIN, 1,
                Duration.ofSeconds(60), Duration.ZERO);
        if (fanOut) {
            config = new MonitorConfig(config.queue(), config.functionName(), config.concurrency(), config.region(),
                    config.invocationType(), config.receiveWaitSeconds(), config.receiveMaxMessages(),
                    config.visibilityTimeout(), config.heartbeatInterval(), config.retryDelay(), config.retryMaxDelay(),
                    config.functionTimeout(), config.functionTimeoutMargin(), config.invokeAttempts(),
                    config.shutdownDeadline(), config.summaryInterval(), true, MonitorConfig.DEFAULT_SEGMENT_RETRIES);
        }
        sqs = AwsClients.sqs(config, builder -> {});
        started.add(sqs);
        LambdaClient lambda = AwsClients.lambda(config, builder -> builder.endpointOverride(function.endpoint()));
        started.add(lambda);
        monitor = new Monitor(config, sqs, lambda);
        monitor.start();
    }

    Monitor monitor() {
        return monitor;
    }

    /** {@code plan}, {@code segment}, {@code merge}, or {@code event} for anything else (the function judges it). */
    private static String kind(com.fasterxml.jackson.databind.ObjectMapper json, byte[] payload) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(payload);
            return root != null && root.has(FunctionRequests.KIND) ? root.get(FunctionRequests.KIND).asText() : "event";
        } catch (IOException e) {
            return "event";
        }
    }

    /**
     * The function's pipeline behind a handler that accepts events of {@code inputBucket} (not the pipeline's), to
     * serve it once more with other settings (e.g. a shorter timeout) without the monitor seeing its uploads.
     */
    FaceRecognitionHandler handlerFor(String inputBucket) {
        return new FaceRecognitionHandler(runtime.pipeline(),
                new io.smartclassroom.handler.pipeline.EventValidator(inputBucket,
                        io.smartclassroom.handler.recognition.InputLimits.DEFAULTS));
    }

    /** The function's handler, to serve it once more with other settings (e.g. a shorter timeout). */
    FaceRecognitionHandler handler() {
        return handler;
    }

    /** The kinds of the payloads the function was invoked with so far, in order of arrival. */
    List<String> invocations() {
        return List.copyOf(invocations);
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Runs a picocli command in this JVM and fails with its output unless it exits 0. */
    static String run(CommandLine command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        log.info("{} {} → exit {}\n{}{}", command.getCommandName(), String.join(" ", args), code, out, err);
        assertThat(code).as("exit code of %s %s; stdout:%n%s%nstderr:%n%s", command.getCommandName(),
                String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    static Path repositoryFile(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (dir.resolve(relative).toFile().exists() && dir.resolve("pom.xml").toFile().exists()) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + here);
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.stop();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        SYSTEM_PROPERTY_BY_VARIABLE.values().forEach(System::clearProperty);
    }

    static Map<String, String> ordered(Map<String, String> map) {
        return new LinkedHashMap<>(requireNonNull(map, "map"));
    }
}
