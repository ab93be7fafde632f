package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.aws.AwsResources;
import io.smartclassroom.provisioning.aws.AwsResources.StudentsInput;
import io.smartclassroom.provisioning.aws.CloudClientFactory;
import io.smartclassroom.provisioning.aws.CloudClients;
import io.smartclassroom.provisioning.aws.SdkCloudClientFactory;
import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ConfigKey;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.config.ProvisioningConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code provisioning [plan|up|status|down] [options]}: creates (idempotently), shows and deletes the cloud
 * resources of the pipeline. Without a command it runs {@code up}.
 */
@CommandLine.Command(
        name = "provisioning",
        description = {
                "Creates, inspects and deletes the smart-classroom cloud resources: input and output buckets,"
                        + " the request queue and its dead-letter queue, the queue policy, the input bucket's"
                        + " notification, the students table with its records, and the encodings object.",
                "Without a command, runs up. Settings come from defaults, --config FILE, SMART_CLASSROOM_*"
                        + " environment variables and options, in increasing precedence; endpoints, region and"
                        + " credentials from the AWS SDK's provider chains (AWS_ENDPOINT_URL_S3, AWS_REGION, ...)."},
        subcommands = {
                ProvisioningCli.Plan.class,
                ProvisioningCli.Up.class,
                ProvisioningCli.Status.class,
                ProvisioningCli.Down.class},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class ProvisioningCli implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration properties file (see provisioning.example.properties).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Student records, a JSON array of {id, name, major, year} (default: data/student_data.json).")
    private Path studentsFile;

    @Option(names = "--encodings", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Face encodings file to upload to the encodings location when its content differs.")
    private Path encodingsFile;

    @Option(names = "--max-receive-count", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Receives before a request moves to the dead-letter queue (default 3).")
    private Integer maxReceiveCount;

    @Option(names = "--visibility-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Visibility timeout of the request queue (default 960: above Lambda's 900 s maximum).")
    private Integer visibilityTimeout;

    @Option(names = "--region", paramLabel = "REGION", scope = ScopeType.INHERIT,
            description = "AWS region (default: the SDK's region chain, e.g. AWS_REGION).")
    private String region;

    @Option(names = "--local-cloud", scope = ScopeType.INHERIT,
            description = "The endpoints are the project's local cloud: no STS, and it delivers the bucket"
                    + " notification itself.")
    private Boolean localCloud;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final CloudClientFactory clientFactory;
    private final Map<String, String> environment;
    private final StudentDataFile studentDataFile;

    public ProvisioningCli(CloudClientFactory clientFactory, Map<String, String> environment) {
        this.clientFactory = requireNonNull(clientFactory, "clientFactory");
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.studentDataFile = new StudentDataFile(new ObjectMapper());
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        System.exit(commandLine(new SdkCloudClientFactory(environment), environment).execute(args));
    }

    public static CommandLine commandLine(CloudClientFactory clientFactory, Map<String, String> environment) {
        return new CommandLine(new ProvisioningCli(clientFactory, environment));
    }

    @Override
    public Integer call() {
        return run(Command.UP, spec.commandLine());
    }

    @CommandLine.Command(name = "plan", description = "Print what up would create or change; change nothing.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return parent.run(Command.PLAN, spec.commandLine());
        }
    }

    @CommandLine.Command(name = "up", description = "Create what is absent and update what differs (idempotent).")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return parent.run(Command.UP, spec.commandLine());
        }
    }

    @CommandLine.Command(name = "status", description = "Print each resource with its state; change nothing.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return parent.run(Command.STATUS, spec.commandLine());
        }
    }

    @CommandLine.Command(name = "down", description = {
            "Delete exactly the named resources up creates, in reverse order: the encodings object, the student"
                    + " records, the table, the notification, the queue policy, the queues and the buckets"
                    + " (with every object in them).",
            "Refuses without --yes."})
    static final class Down implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--yes", description = "Confirm the deletion.")
        private boolean yes;

        @Override
        public Integer call() {
            if (!yes) {
                return parent.refuseDown(spec.commandLine());
            }
            return parent.run(Command.DOWN, spec.commandLine());
        }
    }

    int refuseDown(CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        Optional<ProvisioningConfig> config = loadConfig(err);
        if (config.isEmpty()) {
            return 1;
        }
        var names = config.get().names();
        err.println("provisioning: refusing to delete without --yes: down deletes buckets " + names.inputBucket()
                + " and " + names.outputBucket() + " with every object in them, queues " + names.queue() + " and "
                + names.deadLetterQueue() + ", and table " + names.table() + "; run `down --yes` to confirm");
        err.flush();
        return 2;
    }

    int run(Command command, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Optional<ProvisioningConfig> loaded = loadConfig(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        ProvisioningConfig config = loaded.get();
        StudentsInput students;
        Optional<LocalFile> encodings;
        try {
            students = students(command, config.studentsFile());
            encodings = config.encodingsFile().isPresent()
                    ? Optional.of(LocalFile.read(config.encodingsFile().get()))
                    : Optional.empty();
        } catch (IOException e) {
            return fail(err, e.getMessage());
        }
        try (CloudClients clients = clientFactory.open(config)) {
            List<Resource> resources = AwsResources.of(config, clients, students, encodings);
            Provisioner provisioner = new Provisioner(resources, report -> {
                out.println(report.line());
                out.flush();
            });
            RunSummary summary = RunSummary.of(command, command.run(provisioner));
            out.println(summary.line());
            out.flush();
            return summary.failed() ? 1 : 0;
        } catch (ConfigException e) {
            return fail(err, e.getMessage());
        } catch (SdkException e) {
            return fail(err, e.getMessage());
        }
    }

    private StudentsInput students(Command command, Path file) throws IOException {
        if (command.needsStudentData()) {
            if (!Files.exists(file)) {
                throw new IOException("student data file " + file + " does not exist (run from the project root or"
                        + " pass --data FILE)");
            }
            return StudentsInput.of(studentDataFile.read(file));
        }
        if (!Files.exists(file)) {
            return StudentsInput.unavailable("not checked: student data file " + file + " does not exist");
        }
        return StudentsInput.of(studentDataFile.read(file));
    }

    private Optional<ProvisioningConfig> loadConfig(PrintWriter err) {
        try {
            return Optional.of(new ProvisioningConfigLoader(environment).load(Optional.ofNullable(configFile), overrides()));
        } catch (ConfigException e) {
            fail(err, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<ConfigKey, String> overrides() {
        Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
        if (studentsFile != null) {
            overrides.put(ConfigKey.STUDENTS_FILE, studentsFile.toString());
        }
        if (encodingsFile != null) {
            overrides.put(ConfigKey.ENCODINGS_FILE, encodingsFile.toString());
        }
        if (maxReceiveCount != null) {
            overrides.put(ConfigKey.QUEUE_MAX_RECEIVE_COUNT, maxReceiveCount.toString());
        }
        if (visibilityTimeout != null) {
            overrides.put(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, visibilityTimeout.toString());
        }
        if (region != null) {
            overrides.put(ConfigKey.REGION, region);
        }
        if (Boolean.TRUE.equals(localCloud)) {
            overrides.put(ConfigKey.LOCAL_CLOUD, "true");
        }
        return overrides;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("provisioning: " + (message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ")));
        err.flush();
        return 1;
    }
}
