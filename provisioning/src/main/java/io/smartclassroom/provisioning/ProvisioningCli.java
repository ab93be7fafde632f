package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.cli.CliErrors;
import io.smartclassroom.common.cli.JarVersion;
import io.smartclassroom.common.cli.OneLineErrors;
import io.smartclassroom.common.cli.OutputOption;
import io.smartclassroom.provisioning.aws.AwsResources.StudentsInput;
import io.smartclassroom.provisioning.aws.CloudClientFactory;
import io.smartclassroom.provisioning.aws.CloudClients;
import io.smartclassroom.provisioning.aws.SdkCloudClientFactory;
import io.smartclassroom.provisioning.aws.StudentChanges;
import io.smartclassroom.provisioning.aws.Waits;
import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ConfigKey;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.config.ProvisioningConfigLoader;
import io.smartclassroom.provisioning.openstack.OpenStackSession;
import io.smartclassroom.provisioning.openstack.OpenStackSettings;
import io.smartclassroom.provisioning.openstack.OpenStackSettingsLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code provisioning [plan|up|status|down] [options]}: creates (idempotently), shows and deletes the cloud
 * resources of the pipeline. Without a command it runs {@code up}. Prints one line per resource and a summary line;
 * never prints a secret.
 */
@CommandLine.Command(
        versionProvider = JarVersion.class,
        name = "provisioning",
        description = {
                "Creates, inspects and deletes the smart-classroom cloud resources: input and output buckets,"
                        + " the request queue and its dead-letter queue, the queue policy, the input bucket's"
                        + " notification, the students table with its records, the encodings object, the ECR"
                        + " repository of the handler image, the function's IAM role, the Lambda function, the"
                        + " monitor's IAM user and access key, and (openstack.enabled=true) the monitor's OpenStack"
                        + " server.",
                "Without a command, runs up. Settings come from defaults, --config FILE, SMART_CLASSROOM_*"
                        + " environment variables and options, in increasing precedence; endpoints, region and"
                        + " credentials from the AWS SDK's provider chains (AWS_ENDPOINT_URL_S3, AWS_REGION, ...)"
                        + " and, for OpenStack, clouds.yaml or OS_* variables.",
                "plan and status take --output json: one JSON document on stdout instead of the lines.",
                "Exit codes: 0 done; 1 a resource failed, or the configuration or an input file is wrong; 2 could not"
                        + " run: a usage error, down without --yes, no AWS credentials or region, an unreachable endpoint."},
        subcommands = {
                ProvisioningCli.Plan.class,
                ProvisioningCli.Up.class,
                ProvisioningCli.Status.class,
                ProvisioningCli.Down.class,
                ProvisioningCli.Students.class},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class ProvisioningCli implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean versionRequested;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration properties file (see provisioning.example.properties).")
    private Path configFile;

    @Option(names = "--data", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Student records, a JSON array of {id, name, major, year} (default: data/student_data.json).")
    private Path studentsFile;

    @Option(names = "--encodings", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Face encodings file to upload to the encodings location when its content differs.")
    private Path encodingsFile;

    @Option(names = "--image-uri", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "The handler image in ECR (<registry>/<repository>:<tag> or @sha256:<digest>); without it"
                    + " (or function.image-uri) the function is not created or updated.")
    private String imageUri;

    @Option(names = "--monitor-jar", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "monitor.jar uploaded for the OpenStack server when openstack.monitor.jar-url is empty"
                    + " (default: monitor/target/monitor.jar).")
    private Path monitorJar;

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
                    + " notification itself; IAM, ECR, Lambda and OpenStack are not there, so they are left alone.")
    private Boolean localCloud;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final CloudClientFactory clientFactory;
    private final Map<String, String> environment;
    private final Path home;
    private final Waits waits;
    private final StudentDataFile studentDataFile;
    private final ObjectMapper json;

    public ProvisioningCli(CloudClientFactory clientFactory, Map<String, String> environment) {
        this(clientFactory, environment, Path.of(System.getProperty("user.home")), Waits.DEFAULT);
    }

    /**
     * @param home the user's home (for the default SSH key of the OpenStack keypair)
     * @param waits how to wait for the Lambda function and for a new IAM role to reach Lambda
     */
    public ProvisioningCli(CloudClientFactory clientFactory, Map<String, String> environment, Path home, Waits waits) {
        this.clientFactory = requireNonNull(clientFactory, "clientFactory");
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.home = requireNonNull(home, "home");
        this.waits = requireNonNull(waits, "waits");
        this.json = new ObjectMapper();
        this.studentDataFile = new StudentDataFile(json);
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        System.exit(commandLine(new SdkCloudClientFactory(environment), environment).execute(args));
    }

    public static CommandLine commandLine(CloudClientFactory clientFactory, Map<String, String> environment) {
        return OneLineErrors.install(new CommandLine(new ProvisioningCli(clientFactory, environment)), environment);
    }

    public static CommandLine commandLine(CloudClientFactory clientFactory, Map<String, String> environment, Path home,
            Waits waits) {
        return OneLineErrors.install(new CommandLine(new ProvisioningCli(clientFactory, environment, home, waits)), environment);
    }

    @Override
    public Integer call() {
        return run(Command.UP, spec.commandLine(), RunOptions.NONE);
    }

    /** What a command adds to the configuration. */
    record RunOptions(boolean rotateMonitorKey, boolean showUserData, boolean allowPlaintextSecrets, boolean json) {
        static final RunOptions NONE = new RunOptions(false, false, false, false);
    }

    /** The whole configuration: the AWS side, and the OpenStack side when it is enabled. */
    private record Settings(ProvisioningConfig config, Optional<OpenStackSettings> openStack) {}

    @CommandLine.Command(name = "plan", description = "Print what up would create or change; change nothing.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--show-user-data", description = "Also print the cloud-init user-data of the OpenStack"
                + " monitor server (it holds no AWS key), with the jar URL's signature redacted.")
        private boolean showUserData;

        @Mixin
        private OutputOption output;

        @Override
        public Integer call() {
            return parent.run(Command.PLAN, spec.commandLine(), new RunOptions(false, showUserData, false, output.json()));
        }
    }

    @CommandLine.Command(name = "up", description = "Create what is absent and update what differs (idempotent).")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--rotate-monitor-key", description = "Replace the monitor's access key without downtime:"
                + " create a new one, deliver it to the OpenStack server over SSH, check that the monitor runs with it,"
                + " then delete the old one (a failed delivery deletes the new key and keeps the old).")
        private boolean rotateMonitorKey;

        @Option(names = "--insecure-allow-plaintext-secrets", description = "Deliver the monitor's AWS key even though"
                + " the OpenStack API, which vouches for the server's SSH host key, is plain http:// or its TLS"
                + " certificate is not checked (verify: false). Test clouds only.")
        private boolean allowPlaintextSecrets;

        @Override
        public Integer call() {
            return parent.run(Command.UP, spec.commandLine(), new RunOptions(rotateMonitorKey, false, allowPlaintextSecrets, false));
        }
    }

    @CommandLine.Command(name = "status", description = "Print each resource with its state; change nothing.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Mixin
        private OutputOption output;

        @Override
        public Integer call() {
            return parent.run(Command.STATUS, spec.commandLine(), new RunOptions(false, false, false, output.json()));
        }
    }

    @CommandLine.Command(name = "down", description = {
            "Delete exactly what up creates, in reverse order: the OpenStack server and what it needs (those marked"
                    + " managed-by=<prefix>), the monitor's access keys and user, the function, its role and the ECR"
                    + " repository with its images (those tagged managed-by=smart-classroom; others of the same name"
                    + " are left alone), the encodings object, the student records, the table, the notification, the"
                    + " queue policy, the queues and the buckets (with every object in them).",
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
            return parent.run(Command.DOWN, spec.commandLine(), RunOptions.NONE);
        }
    }

    @CommandLine.Command(name = "students", description = {
            "Add or remove one student everywhere: the record in the students table and the encoding in the encodings"
                    + " object. A running function uses the change from its next encodings refresh (ENCODINGS_REFRESH_SECONDS)."},
            subcommands = {StudentsAdd.class, StudentsRemove.class})
    static final class Students implements Callable<Integer> {
        @ParentCommand
        private ProvisioningCli parent;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @CommandLine.Command(name = "add", description = {
            "Writes the student's record to the table, then puts their encoding into the encodings object (replacing an"
                    + " earlier one of that name). The encoding comes from --encodings FILE, an encodings file with the"
                    + " student in it made with the function's model: handler.jar enroll --images DIR --out FILE, DIR holding"
                    + " <name>.jpg (or a <name>/ folder of photos).",
            "Example: students add --name mr_bean --id 3 --major lawyer --year freshmen --encodings mr_bean.json"})
    static final class StudentsAdd implements Callable<Integer> {
        @ParentCommand
        private Students students;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "The student's name, as enrolled (the table's name-index key).")
        private String name;

        @Option(names = "--id", required = true, description = "The student's id (the table's number key).")
        private long id;

        @Option(names = "--major", required = true, description = "The student's major.")
        private String major;

        @Option(names = "--year", required = true, description = "The student's year, e.g. junior.")
        private String year;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            // --encodings (inherited from the top command) is, here, the file holding the student's encoding.
            Path enrolled = students.parent.encodingsFile;
            if (enrolled == null) {
                return fail(err, "students add needs --encodings FILE, an encodings file with " + name
                        + " in it: handler.jar enroll --images DIR --out FILE, DIR holding " + name + ".jpg");
            }
            StudentRecord record;
            EncodingsDocument document;
            try {
                record = new StudentRecord(id, nonBlank(name, "--name"), nonBlank(major, "--major"), nonBlank(year, "--year"));
                document = EncodingsDocument.parse(students.parent.json, Files.readAllBytes(enrolled), "encodings file " + enrolled);
            } catch (IOException | IllegalArgumentException e) {
                return fail(err, e instanceof java.nio.file.NoSuchFileException ? "encodings file " + enrolled + " does not exist" : e.getMessage());
            }
            return students.parent.changeStudents(spec.commandLine(), changes -> changes.add(record, document));
        }
    }

    @CommandLine.Command(name = "remove", description = {
            "Takes the student's encoding out of the encodings object, then deletes their record from the table."})
    static final class StudentsRemove implements Callable<Integer> {
        @ParentCommand
        private Students students;
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "The student's name.")
        private String name;

        @Override
        public Integer call() {
            String student;
            try {
                student = nonBlank(name, "--name");
            } catch (IllegalArgumentException e) {
                return fail(spec.commandLine().getErr(), e.getMessage());
            }
            return students.parent.changeStudents(spec.commandLine(), changes -> changes.remove(student));
        }
    }

    private static String nonBlank(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value.strip();
    }

    int changeStudents(CommandLine commandLine, java.util.function.Function<StudentChanges, java.util.List<String>> change) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Optional<Settings> loaded = loadSettings(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        ProvisioningConfig config = loaded.get().config();
        try (CloudClients clients = clientFactory.open(config)) {
            StudentChanges changes = new StudentChanges(clients.s3(), clients.dynamoDb(), config.names().table(),
                    config.names().nameIndex(), config.encodingsLocation(), json);
            change.apply(changes).forEach(out::println);
            out.flush();
            return 0;
        } catch (ConfigException | ProvisioningException | SdkException e) {
            if (e instanceof RuntimeException environmental && CliErrors.isEnvironmental(e)) {
                throw environmental; // no credentials, no endpoint: OneLineErrors says it once
            }
            return fail(err, e.getMessage());
        }
    }

    int refuseDown(CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        Optional<Settings> settings = loadSettings(err);
        if (settings.isEmpty()) {
            return 1;
        }
        ProvisioningConfig config = settings.get().config();
        var names = config.names();
        String compute = config.localCloud() ? "" : ", and those tagged managed-by=smart-classroom of: ECR repository "
                + config.ecrRepository() + " with its images, function " + names.function() + ", role "
                + config.function().role() + " and user " + config.monitorUser() + " with its access keys"
                + settings.get().openStack().map(openStack -> ", and OpenStack server " + openStack.serverName()
                        + " with its security group, keypair and floating IP").orElse("");
        err.println("provisioning: refusing to delete without --yes: down deletes buckets " + names.inputBucket()
                + " and " + names.outputBucket() + " with every object in them, queues " + names.queue() + " and "
                + names.deadLetterQueue() + ", and table " + names.table() + compute + "; run `down --yes` to confirm");
        err.flush();
        return 2;
    }

    int run(Command command, CommandLine commandLine, RunOptions options) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Optional<Settings> loaded = loadSettings(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        ProvisioningConfig config = loaded.get().config();
        Optional<OpenStackSettings> openStack = loaded.get().openStack();
        if (options.showUserData() && (openStack.isEmpty() || config.localCloud())) {
            return fail(err, "--show-user-data needs the OpenStack side: set openstack.enabled=true (not on the local cloud)");
        }
        if (options.rotateMonitorKey() && (openStack.isEmpty() || config.localCloud())) {
            return fail(err, "--rotate-monitor-key replaces the access key of the monitor's OpenStack server, and there is"
                    + " none: set openstack.enabled=true (not on the local cloud)");
        }
        Deployment.Inputs inputs;
        try {
            inputs = new Deployment.Inputs(
                    students(command, config.studentsFile()),
                    config.encodingsFile().isPresent() ? Optional.of(LocalFile.read(config.encodingsFile().get())) : Optional.empty(),
                    monitorJar(command, config, openStack),
                    options.rotateMonitorKey(),
                    options.allowPlaintextSecrets());
        } catch (IOException e) {
            return fail(err, e.getMessage());
        }
        try (CloudClients clients = clientFactory.open(config)) {
            Deployment deployment = new Deployment(config, openStack, clients, inputs,
                    settings -> OpenStackSession.fromEnvironment(environment, settings.cloud()), waits);
            Provisioner provisioner = new Provisioner(deployment.resources(), report -> {
                if (!options.json()) {
                    out.println(report.line());
                    out.flush();
                }
            });
            List<ResourceReport> reports = new ArrayList<>(command.run(provisioner));
            RunSummary summary = RunSummary.of(command, reports);
            if (options.json()) {
                OutputOption.printJson(out, RunJson.of(command, reports,
                        options.showUserData() ? deployment.userDataPreview() : null));
                return summary.failed() ? 1 : 0;
            }
            out.println(summary.line());
            out.flush();
            if (options.showUserData()) {
                out.println("user-data of server " + openStack.get().serverName() + " (secrets redacted):");
                out.println(deployment.userDataPreview());
                out.flush();
            }
            return summary.failed() ? 1 : 0;
        } catch (ConfigException e) {
            return fail(err, e.getMessage());
        } catch (ProvisioningException | SdkException e) {
            if (CliErrors.isEnvironmental(e)) {
                throw e; // no credentials, no endpoint: OneLineErrors says it once, not once per resource
            }
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

    /** The monitor.jar to upload: needed by plan and up when an OpenStack server downloads it from S3. */
    private static Optional<LocalFile> monitorJar(Command command, ProvisioningConfig config, Optional<OpenStackSettings> openStack)
            throws IOException {
        if (openStack.isEmpty() || openStack.get().monitorJar().isPresent() || config.localCloud()) {
            return Optional.empty();
        }
        Path file = config.monitorJarFile();
        if (!Files.exists(file)) {
            if (command.needsStudentData()) {
                throw new IOException("monitor.jar " + file + " does not exist: build it (mvn -pl monitor package), pass"
                        + " --monitor-jar FILE, or set openstack.monitor.jar-url");
            }
            return Optional.empty();
        }
        return Optional.of(LocalFile.read(file));
    }

    private Optional<Settings> loadSettings(PrintWriter err) {
        try {
            Optional<Path> file = Optional.ofNullable(configFile);
            ProvisioningConfig config = new ProvisioningConfigLoader(environment).load(file, overrides());
            Map<String, String> fileProperties = file.isPresent() ? ProvisioningConfigLoader.readProperties(file.get()) : Map.of();
            Optional<OpenStackSettings> openStack = new OpenStackSettingsLoader(environment, home)
                    .load(fileProperties, file.map(Path::toString).orElse("(no file)"), Map.of());
            openStack.flatMap(OpenStackSettings::sshWarning).ifPresent(warning -> {
                err.println("provisioning: WARNING: " + warning);
                err.flush();
            });
            return Optional.of(new Settings(config, openStack));
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
        if (imageUri != null) {
            overrides.put(ConfigKey.FUNCTION_IMAGE_URI, imageUri);
        }
        if (monitorJar != null) {
            overrides.put(ConfigKey.MONITOR_JAR_FILE, monitorJar.toString());
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
