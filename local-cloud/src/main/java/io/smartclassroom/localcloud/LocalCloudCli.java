package io.smartclassroom.localcloud;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.smartclassroom.common.cli.JarVersion;
import io.smartclassroom.common.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar local-cloud.jar}: starts the local cloud, prints the settings that point the AWS SDK
 * at it, and runs until it is stopped (SIGTERM or Ctrl-C), then stops everything it started.
 */
@Command(
        name = "local-cloud",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        description = {
            "Runs SQS (ElasticMQ), S3 (S3Proxy, with bucket notifications to SQS) and DynamoDB (dynalite) on 127.0.0.1.",
            "Prints the AWS_ENDPOINT_URL_* settings to use, then runs until SIGTERM or Ctrl-C.",
            "Each run has credentials of its own (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a random secret): S3 accepts only "
                    + "requests signed with them, and handler serve, started with them in its environment, accepts only callers that sign with them. "
                    + "With --env-file the secret is written only there (mode 600), not printed."
        })
public final class LocalCloudCli implements Callable<Integer> {
    private static final String SECRET_VARIABLE = "AWS_SECRET_ACCESS_KEY";

    @Option(names = "--services", split = ",", description = "Services to start (default: ${DEFAULT-VALUE}).",
            defaultValue = "SQS,S3,DYNAMODB")
    private List<Service> services = new ArrayList<>();

    @Option(names = "--sqs-port", description = "SQS port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private int sqsPort;

    @Option(names = "--s3-port", description = "S3 port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private int s3Port;

    @Option(names = "--dynamodb-port", description = "DynamoDB port; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    private int dynamodbPort;

    @Option(names = "--data-dir", description = "Keep S3 objects and DynamoDB tables in this folder (default: S3 objects in a temporary folder deleted on exit, tables in memory).")
    private Path dataDir;

    @Option(names = "--notify", paramLabel = "BUCKET=QUEUE",
            description = "Send S3 ObjectCreated notifications from BUCKET to the SQS queue QUEUE (repeatable; "
                    + "default: the input bucket to the request queue).")
    private List<String> notifications = new ArrayList<>();

    @Option(names = "--no-notify", description = "Configure no bucket notification.")
    private boolean noNotifications;

    @Option(names = "--region", description = "Region the services report (default: ${DEFAULT-VALUE}).", defaultValue = "us-east-1")
    private String region;

    @Option(names = "--env-file", description = "Also write the settings as 'export NAME=value' lines to this file, "
            + "readable by its owner only (mode 600; removed on exit); the secret access key is then not printed.")
    private Path envFile;

    @Option(names = "--dynalite-home", description = "Folder holding node_modules/dynalite (default: searched from "
            + "the working directory upwards, or DYNALITE_HOME).")
    private Path dynaliteHome;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalCloudOptions options = options();
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            Map<String, String> env = cloud.environment();
            // the env file first: whoever waits for the 'running' line reads it at once
            if (envFile != null) {
                writeEnvFile(env);
            }
            PrintWriter out = spec.commandLine().getOut();
            env.forEach((name, value) -> out.println(envFile != null && SECRET_VARIABLE.equals(name)
                    ? "# export " + name + "=... (in " + envFile + ")"
                    : "export " + name + "=" + value));
            out.println("# local cloud running (pid " + ProcessHandle.current().pid() + "); stop it with SIGTERM or Ctrl-C");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cloud.close();
                deleteEnvFile();
                stopped.countDown();
            }, "local-cloud-cli-shutdown"));
            stopped.await();
        }
        return 0;
    }

    private LocalCloudOptions options() {
        LocalCloudOptions options = LocalCloudOptions.defaults().withRegion(region).withCredentials(LocalCredentials.random());
        if (services.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--services names no service");
        }
        EnumSet<Service> selected = EnumSet.copyOf(services);
        Service first = selected.iterator().next();
        selected.remove(first);
        options = options.only(first, selected.toArray(Service[]::new))
                .withPort(Service.SQS, sqsPort)
                .withPort(Service.S3, s3Port)
                .withPort(Service.DYNAMODB, dynamodbPort);
        if (!notifications.isEmpty() && !services.contains(Service.SQS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--notify sends S3 events to SQS, which --services does not start: add SQS to --services");
        }
        if (noNotifications || !services.contains(Service.S3) || !services.contains(Service.SQS)) {
            // without SQS there is no queue to notify: the default notification is left out
            options = options.withNotifications(List.of());
        } else if (!notifications.isEmpty()) {
            List<BucketNotification> parsed = new ArrayList<>();
            for (String spec : notifications) {
                try {
                    parsed.add(BucketNotification.parse(spec));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(this.spec.commandLine(), e.getMessage());
                }
            }
            options = options.withNotifications(parsed);
        }
        if (dataDir != null) {
            options = options.withDataDir(dataDir);
        }
        if (dynaliteHome != null) {
            options = options.withDynaliteHome(dynaliteHome);
        }
        return options;
    }

    private void writeEnvFile(Map<String, String> env) throws IOException {
        List<String> lines = new ArrayList<>();
        env.forEach((name, value) -> lines.add("export " + name + "=" + value));
        lines.add("export LOCAL_CLOUD_PID=" + ProcessHandle.current().pid());
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // Created owner-only before the secret is written into it (not chmod-ed afterwards).
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void deleteEnvFile() {
        if (envFile != null) {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException ignored) {
                // nothing to do on the way out
            }
        }
    }

    public static void main(String[] args) {
        // The jar is also a library (tests embed it), so its logging configuration has a name of its own.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "local-cloud-logback.xml");
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command with one-line errors: 0 stopped, 2 could not start (a usage error, a port taken, no dynalite). */
    static CommandLine commandLine(Map<String, String> environment) {
        return OneLineErrors.install(new CommandLine(new LocalCloudCli()).setCaseInsensitiveEnumValuesAllowed(true), environment);
    }
}
