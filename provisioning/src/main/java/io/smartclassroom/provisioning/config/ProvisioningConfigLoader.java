package io.smartclassroom.provisioning.config;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.provisioning.openstack.OpenStackSettingKey;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a {@link ProvisioningConfig} from, in increasing precedence: the defaults of {@link ConfigKey},
 * a properties file, environment variables ({@link ConfigKey#environmentVariable()}), and command-line
 * options. Unknown keys in the file are an error, so that a typo does not silently fall back to a default;
 * the {@code openstack.*} keys belong to {@link io.smartclassroom.provisioning.openstack.OpenStackSettingsLoader},
 * which gets them from {@link #readProperties}.
 */
public final class ProvisioningConfigLoader {
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+|[a-z0-9-]+");
    private static final Pattern ECR_REPOSITORY = Pattern.compile("(?=.{2,256}$)([a-z0-9]+([._-][a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*");
    private static final Pattern IAM_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern IMAGE_URI = Pattern.compile(
            "[A-Za-z0-9.-]+(:\\d+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})");

    private final Map<String, String> environment;

    public ProvisioningConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    }

    /** Where a value came from, for error messages. */
    private record Setting(String value, String source) {}

    public ProvisioningConfig load(Optional<Path> file, Map<ConfigKey, String> overrides) throws ConfigException {
        requireNonNull(file, "file");
        requireNonNull(overrides, "overrides");
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            settings.put(key, new Setting(key.defaultValue(), "default"));
        }
        if (file.isPresent()) {
            readFile(file.get(), settings);
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                settings.put(key, new Setting(value.trim(), "environment variable " + key.environmentVariable()));
            }
        }
        overrides.forEach((key, value) -> settings.put(key, new Setting(value.trim(), "command line")));
        return build(settings);
    }

    /** Every property of the configuration file, trimmed, including the {@code openstack.*} ones. */
    public static Map<String, String> readProperties(Path file) throws ConfigException {
        requireNonNull(file, "file");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name).trim());
        }
        return values;
    }

    private static void readFile(Path file, Map<ConfigKey, Setting> settings) throws ConfigException {
        Map<String, String> properties = readProperties(file);
        List<String> unknown = new ArrayList<>();
        for (String name : properties.keySet()) {
            if (OpenStackSettingKey.isOpenStackKey(name)) {
                continue;
            }
            Optional<ConfigKey> key = ConfigKey.forKey(name);
            if (key.isEmpty()) {
                unknown.add(name);
            } else {
                settings.put(key.get(), new Setting(properties.get(name), file.toString()));
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new ConfigException("unknown setting(s) " + unknown + " in " + file + "; known settings: "
                    + Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.joining(", "))
                    + " and the openstack.* settings");
        }
    }

    private static ProvisioningConfig build(Map<ConfigKey, Setting> settings) throws ConfigException {
        String region = settings.get(ConfigKey.REGION).value();
        if (!region.isEmpty()) {
            matching(settings, ConfigKey.REGION, REGION, "a region name such as us-east-1");
        }
        ResourceNames names = new ResourceNames(
                matching(settings, ConfigKey.INPUT_BUCKET, BUCKET_NAME, "an S3 bucket name (3-63 of a-z 0-9 . -)"),
                matching(settings, ConfigKey.OUTPUT_BUCKET, BUCKET_NAME, "an S3 bucket name (3-63 of a-z 0-9 . -)"),
                matching(settings, ConfigKey.QUEUE, QUEUE_NAME, "an SQS queue name (1-80 of A-Z a-z 0-9 _ -)"),
                matching(settings, ConfigKey.DEAD_LETTER_QUEUE, QUEUE_NAME, "an SQS queue name (1-80 of A-Z a-z 0-9 _ -)"),
                matching(settings, ConfigKey.TABLE, TABLE_NAME, "a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)"),
                matching(settings, ConfigKey.NAME_INDEX, TABLE_NAME, "a DynamoDB index name (3-255 of A-Z a-z 0-9 _ . -)"),
                matching(settings, ConfigKey.FUNCTION, FUNCTION_NAME, "a Lambda function name (1-64 of A-Z a-z 0-9 _ -)"));
        if (names.inputBucket().equals(names.outputBucket())) {
            throw new ConfigException("input-bucket and output-bucket must differ (both are '" + names.inputBucket()
                    + "'): writing results into the input bucket would notify the queue again");
        }
        if (names.queue().equals(names.deadLetterQueue())) {
            throw new ConfigException("queue and dead-letter-queue must differ (both are '" + names.queue() + "')");
        }
        QueueSettings queueSettings = new QueueSettings(
                integer(settings, ConfigKey.QUEUE_MAX_RECEIVE_COUNT, 1, 1000),
                integer(settings, ConfigKey.QUEUE_VISIBILITY_TIMEOUT, 0, 43_200),
                integer(settings, ConfigKey.QUEUE_RECEIVE_WAIT, 0, 20),
                integer(settings, ConfigKey.DEAD_LETTER_RETENTION, 60, 1_209_600));
        List<String> suffixes = Arrays.stream(settings.get(ConfigKey.NOTIFICATION_SUFFIXES).value().split(","))
                .map(String::trim)
                .filter(suffix -> !suffix.isEmpty())
                .distinct()
                .toList();
        if (suffixes.isEmpty()) {
            throw invalid(settings, ConfigKey.NOTIFICATION_SUFFIXES, "a comma-separated list of key suffixes such as .mp4,.mov");
        }
        Path studentsFile = path(settings, ConfigKey.STUDENTS_FILE)
                .orElseThrow(() -> invalid(settings, ConfigKey.STUDENTS_FILE, "a file name"));
        Optional<Path> encodingsFile = path(settings, ConfigKey.ENCODINGS_FILE);
        String location = settings.get(ConfigKey.ENCODINGS_LOCATION).value();
        S3Location encodingsLocation;
        if (location.isEmpty()) {
            encodingsLocation = ProvisioningConfig.defaultEncodingsLocation(names.outputBucket());
            if (!BUCKET_NAME.matcher(encodingsLocation.bucket()).matches()) {
                throw new ConfigException("the default encodings bucket " + encodingsLocation.bucket()
                        + " is not a valid S3 bucket name (longer than 63 characters?); set " + ConfigKey.ENCODINGS_LOCATION.key());
            }
        } else {
            try {
                encodingsLocation = S3Location.parse(location);
            } catch (IllegalArgumentException e) {
                throw invalid(settings, ConfigKey.ENCODINGS_LOCATION, "s3://bucket/key");
            }
            if (!BUCKET_NAME.matcher(encodingsLocation.bucket()).matches()) {
                throw invalid(settings, ConfigKey.ENCODINGS_LOCATION, "s3://bucket/key with a valid bucket name");
            }
            if (encodingsLocation.bucket().equals(names.inputBucket())
                    || encodingsLocation.bucket().equals(names.outputBucket())) {
                throw invalid(settings, ConfigKey.ENCODINGS_LOCATION, "a location outside the input and output buckets"
                        + " (the encodings are the students' faces: whoever reads videos or results must not read them)");
            }
        }
        String ecrRepository = matching(settings, ConfigKey.ECR_REPOSITORY, ECR_REPOSITORY,
                "an ECR repository name (2-256 of a-z 0-9 . _ - /)");
        FunctionSettings function = function(settings, names.function(), queueSettings);
        String monitorUser = matching(settings, ConfigKey.MONITOR_USER, IAM_NAME, "an IAM user name (1-64 of A-Z a-z 0-9 + = , . @ _ -)");
        Path monitorJarFile = path(settings, ConfigKey.MONITOR_JAR_FILE)
                .orElseThrow(() -> invalid(settings, ConfigKey.MONITOR_JAR_FILE, "a file name"));
        return new ProvisioningConfig(
                region.isEmpty() ? Optional.empty() : Optional.of(region),
                names,
                queueSettings,
                suffixes,
                studentsFile,
                encodingsFile,
                encodingsLocation,
                ecrRepository,
                function,
                monitorUser,
                monitorJarFile,
                bool(settings, ConfigKey.LOCAL_CLOUD),
                integer(settings, ConfigKey.RETENTION_DAYS, 1, 36_500),
                optionalMatching(settings, ConfigKey.ALARM_TOPIC_ARN, SNS_TOPIC_ARN,
                        "an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>) or empty"));
    }

    private static FunctionSettings function(Map<ConfigKey, Setting> settings, String functionName, QueueSettings queue)
            throws ConfigException {
        String imageUri = settings.get(ConfigKey.FUNCTION_IMAGE_URI).value();
        if (!imageUri.isEmpty() && !IMAGE_URI.matcher(imageUri).matches()) {
            throw invalid(settings, ConfigKey.FUNCTION_IMAGE_URI,
                    "an image URI <registry>/<repository>:<tag> or <registry>/<repository>@sha256:<digest>");
        }
        String role = settings.get(ConfigKey.FUNCTION_ROLE).value();
        if (role.isEmpty()) {
            role = FunctionSettings.defaultRole(functionName);
            if (!IAM_NAME.matcher(role).matches()) {
                throw new ConfigException("the default function.role " + role + " is longer than IAM's 64 characters;"
                        + " set function.role");
            }
        } else if (!IAM_NAME.matcher(role).matches()) {
            throw invalid(settings, ConfigKey.FUNCTION_ROLE, "an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -)");
        }
        int timeout = integer(settings, ConfigKey.FUNCTION_TIMEOUT, 1, 900);
        // Only a function this tool deploys is bound by the queue it reads from (the local cloud has no Lambda).
        if (!imageUri.isEmpty() && !bool(settings, ConfigKey.LOCAL_CLOUD) && timeout >= queue.visibilityTimeoutSeconds()) {
            throw new ConfigException(ConfigKey.FUNCTION_TIMEOUT.key() + " (" + timeout + ", from "
                    + settings.get(ConfigKey.FUNCTION_TIMEOUT).source() + ") must be below "
                    + ConfigKey.QUEUE_VISIBILITY_TIMEOUT.key() + " (" + queue.visibilityTimeoutSeconds() + ", from "
                    + settings.get(ConfigKey.QUEUE_VISIBILITY_TIMEOUT).source()
                    + "): a request must stay invisible while the function works on it");
        }
        String concurrency = settings.get(ConfigKey.FUNCTION_RESERVED_CONCURRENCY).value();
        String modelsDir = settings.get(ConfigKey.FUNCTION_MODELS_DIR).value();
        if (!modelsDir.startsWith("/")) {
            throw invalid(settings, ConfigKey.FUNCTION_MODELS_DIR, "an absolute path inside the function's image");
        }
        return new FunctionSettings(
                imageUri.isEmpty() ? Optional.empty() : Optional.of(imageUri),
                role,
                integer(settings, ConfigKey.FUNCTION_MEMORY, 128, 10_240),
                timeout,
                integer(settings, ConfigKey.FUNCTION_EPHEMERAL_STORAGE, 512, 10_240),
                concurrency.isEmpty() || concurrency.equalsIgnoreCase("none")
                        ? OptionalInt.empty()
                        : OptionalInt.of(integer(settings, ConfigKey.FUNCTION_RESERVED_CONCURRENCY, 1, 100_000)),
                modelsDir);
    }

    private static String matching(Map<ConfigKey, Setting> settings, ConfigKey key, Pattern pattern, String expected)
            throws ConfigException {
        String value = settings.get(key).value();
        if (!pattern.matcher(value).matches()) {
            throw invalid(settings, key, expected);
        }
        return value;
    }

    private static Optional<String> optionalMatching(Map<ConfigKey, Setting> settings, ConfigKey key, Pattern pattern,
            String expected) throws ConfigException {
        String value = settings.get(key).value();
        return value.isEmpty() ? Optional.empty() : Optional.of(matching(settings, key, pattern, expected));
    }

    private static int integer(Map<ConfigKey, Setting> settings, ConfigKey key, int min, int max) throws ConfigException {
        String expected = "an integer from " + min + " to " + max;
        try {
            int value = Integer.parseInt(settings.get(key).value());
            if (value < min || value > max) {
                throw invalid(settings, key, expected);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(settings, key, expected);
        }
    }

    private static boolean bool(Map<ConfigKey, Setting> settings, ConfigKey key) throws ConfigException {
        String value = settings.get(key).value().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0", "" -> false;
            default -> throw invalid(settings, key, "true or false");
        };
    }

    private static Optional<Path> path(Map<ConfigKey, Setting> settings, ConfigKey key) {
        String value = settings.get(key).value();
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static ConfigException invalid(Map<ConfigKey, Setting> settings, ConfigKey key, String expected) {
        Setting setting = settings.get(key);
        return new ConfigException(key.key() + " must be " + expected + ", got '" + setting.value() + "' (from "
                + setting.source() + ")");
    }
}
