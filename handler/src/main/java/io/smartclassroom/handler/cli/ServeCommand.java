package io.smartclassroom.handler.cli;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.handler.FaceRecognitionHandler;
import io.smartclassroom.handler.HandlerRuntime;
import io.smartclassroom.handler.serve.LocalInvokeServer;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code handler serve --port N}: runs the function behind a local endpoint that speaks AWS Lambda's
 * Invoke API, configured from the environment like the deployed function. Stops on SIGTERM or Ctrl-C.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the face-recognition function on 127.0.0.1 with AWS Lambda's Invoke API "
                    + "(POST /2015-03-31/functions/NAME/invocations), so a LambdaClient with endpointOverride can call it.",
            "Configured from the environment like the deployed function: ENCODINGS (required), OUTPUT_BUCKET, STUDENTS_TABLE, "
                    + "STUDENTS_NAME_INDEX, MODELS_DIR, RECOGNITION_MODEL, SAMPLE_FPS, ENCODINGS_REFRESH_SECONDS, and the AWS SDK's AWS_REGION / AWS_ENDPOINT_URL_*.",
            "Changed encodings are picked up without a restart: checked before a video at most every ENCODINGS_REFRESH_SECONDS (default 60; 0 = every video)."
        })
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--workers", description = "Invocations run at once, each with its own recognizer (default: the number of processors).")
    private Integer workers;

    @Option(names = "--function-name", description = "The function name clients invoke (default: ${DEFAULT-VALUE}).")
    private String functionName = ResourceNames.DEFAULTS.function();

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
        HandlerRuntime runtime;
        LocalInvokeServer server;
        try {
            runtime = HandlerRuntime.fromEnvironment(workerCount);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("serve: cannot start the function: " + oneLine(e));
            return 1;
        }
        try {
            server = LocalInvokeServer.start(new FaceRecognitionHandler(runtime.pipeline()),
                    LocalInvokeServer.Settings.of(functionName, port, workerCount));
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

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
