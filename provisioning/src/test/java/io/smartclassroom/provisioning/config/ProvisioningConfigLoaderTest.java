package io.smartclassroom.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.provisioning.openstack.OpenStackSettingKey;
import io.smartclassroom.provisioning.openstack.OpenStackSettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningConfigLoaderTest {
    @TempDir
    Path directory;

    @Test
    void defaultsAreTheSharedResourceNamesAndTheDocumentedQueueSettings() throws Exception {
        ProvisioningConfig config = new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of());

        assertThat(config.names()).isEqualTo(ResourceNames.DEFAULTS);
        assertThat(config.queueSettings()).isEqualTo(new QueueSettings(3, 960, 20, 1_209_600));
        assertThat(config.region()).isEmpty();
        assertThat(config.localCloud()).isFalse();
        assertThat(config.studentsFile()).isEqualTo(Path.of("data/student_data.json"));
        assertThat(config.encodingsFile()).isEmpty();
        assertThat(config.encodingsLocation()).isEqualTo(new S3Location("smart-classroom-encodings", "encodings.json"));
        assertThat(config.videoSuffixes()).contains(".mp4", ".mov", ".mkv", ".avi", ".webm");
    }

    @Test
    void theExampleFileStatesExactlyTheDefaults() throws Exception {
        Path example = Path.of("src/main/dist/provisioning.example.properties");
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of());

        assertThat(loader.load(Optional.of(example), Map.of())).isEqualTo(loader.load(Optional.empty(), Map.of()));
        String text = Files.readString(example);
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(text).as("example file documents %s", key.key()).contains("\n" + key.key() + "=" + key.defaultValue() + "\n");
        }
    }

    @Test
    void theComputeDefaultsNameTheRepositoryRoleUserAndSizes() throws Exception {
        ProvisioningConfig config = new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of());

        assertThat(config.ecrRepository()).isEqualTo("smart-classroom-handler");
        assertThat(config.monitorUser()).isEqualTo("smart-classroom-monitor");
        assertThat(config.monitorJarFile()).isEqualTo(Path.of("monitor/target/monitor.jar"));
        assertThat(config.monitorJarLocation()).isEqualTo(new S3Location("smart-classroom-output", "deploy/monitor.jar"));
        assertThat(config.function()).isEqualTo(new FunctionSettings(Optional.empty(), "smart-classroom-face-recognition-role",
                3008, 900, 2048, OptionalInt.of(10), "/opt/models"));
        assertThat(config.function()).isEqualTo(FunctionSettings.defaults("smart-classroom-face-recognition"));
    }

    @Test
    void theFunctionSettingsAreReadAndChecked() throws Exception {
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/smart-classroom-handler:2024-05-01";
        Path file = write("function.image-uri=" + image + "\nfunction.memory-mb=4096\nfunction.reserved-concurrency=10\n"
                + "function.role=custom-role\nfunction=other-function\n");

        FunctionSettings function = new ProvisioningConfigLoader(Map.of("SMART_CLASSROOM_FUNCTION_TIMEOUT_SECONDS", "600"))
                .load(Optional.of(file), Map.of(ConfigKey.FUNCTION_EPHEMERAL_STORAGE, "10240")).function();

        assertThat(function).isEqualTo(new FunctionSettings(Optional.of(image), "custom-role", 4096, 600, 10240, OptionalInt.of(10), "/opt/models"));
        assertThat(new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.FUNCTION, "f1")).function().role())
                .isEqualTo("f1-role");
        assertThat(new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.FUNCTION_IMAGE_URI,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/handler@sha256:" + "a".repeat(64))).function().imageUri()).isPresent();

        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of());
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION_IMAGE_URI, "smart-classroom-handler")))
                .hasMessageStartingWith("function.image-uri must be an image URI <registry>/<repository>:<tag>");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION_IMAGE_URI, "registry.example/repo")))
                .hasMessageStartingWith("function.image-uri must be");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION_MEMORY, "64")))
                .hasMessage("function.memory-mb must be an integer from 128 to 10240, got '64' (from command line)");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION_RESERVED_CONCURRENCY, "0")))
                .hasMessageStartingWith("function.reserved-concurrency must be an integer from 1 to 100000");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION_MODELS_DIR, "models")))
                .hasMessageStartingWith("function.models-dir must be an absolute path");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.ECR_REPOSITORY, "Handler")))
                .hasMessageStartingWith("ecr.repository must be an ECR repository name");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.MONITOR_USER, "monitor user")))
                .hasMessageStartingWith("monitor.user must be an IAM user name");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.FUNCTION, "f".repeat(64))))
                .hasMessageContaining("is longer than IAM's 64 characters; set function.role");
    }

    @Test
    void theTimeoutOfADeployedFunctionMustStayBelowTheQueueVisibilityTimeout() throws Exception {
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(
                Map.of("SMART_CLASSROOM_FUNCTION_IMAGE_URI", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/handler:v1"));

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, "900")))
                .hasMessage("function.timeout-seconds (900, from default) must be below queue.visibility-timeout-seconds"
                        + " (900, from command line): a request must stay invisible while the function works on it");
        assertThat(loader.load(Optional.empty(), Map.of(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, "900", ConfigKey.FUNCTION_TIMEOUT, "600"))
                .function().timeoutSeconds()).isEqualTo(600);
        // no function deployed (no image, or the local cloud): a short visibility timeout is fine, e.g. for tests
        assertThat(new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, "10"))
                .queueSettings().visibilityTimeoutSeconds()).isEqualTo(10);
        assertThat(loader.load(Optional.empty(), Map.of(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, "10", ConfigKey.LOCAL_CLOUD, "true"))
                .localCloud()).isTrue();
    }

    @Test
    void theRetentionIsThirtyDaysByDefaultAtLeastOneAndTheAlarmTopicAnSnsArn() throws Exception {
        ProvisioningConfig defaults = new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of());
        assertThat(defaults.retentionDays()).isEqualTo(30);
        assertThat(defaults.alarmTopicArn()).isEmpty();

        ProvisioningConfig set = new ProvisioningConfigLoader(Map.of("SMART_CLASSROOM_RETENTION_DAYS", "7",
                "SMART_CLASSROOM_ALARM_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:teachers"))
                .load(Optional.empty(), Map.of());
        assertThat(set.retentionDays()).isEqualTo(7);
        assertThat(set.alarmTopicArn()).contains("arn:aws:sns:eu-west-1:123456789012:teachers");

        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of("SMART_CLASSROOM_RETENTION_DAYS", "0"))
                .load(Optional.empty(), Map.of()))
                .hasMessage("retention-days must be an integer from 1 to 36500, got '0' (from environment variable"
                        + " SMART_CLASSROOM_RETENTION_DAYS)");
        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.empty(),
                Map.of(ConfigKey.ALARM_TOPIC_ARN, "teachers")))
                .hasMessage("alarm.topic-arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>) or empty,"
                        + " got 'teachers' (from command line)");
    }

    @Test
    void openStackKeysInTheFileAreLeftToTheOpenStackLoader() throws Exception {
        Path file = write("openstack.enabled=true\nopenstack.flavor=m1.small\nqueue=q\n");

        ProvisioningConfig config = new ProvisioningConfigLoader(Map.of()).load(Optional.of(file), Map.of());

        assertThat(config.names().queue()).isEqualTo("q");
        assertThat(ProvisioningConfigLoader.readProperties(file))
                .containsEntry("openstack.enabled", "true").containsEntry("openstack.flavor", "m1.small").containsEntry("queue", "q");
    }

    @Test
    void theExampleFileStatesTheOpenStackDefaultsToo() throws Exception {
        Path example = Path.of("src/main/dist/provisioning.example.properties");
        String text = Files.readString(example);
        for (OpenStackSettingKey key : OpenStackSettingKey.values()) {
            assertThat(text).as("example file documents %s", key.key()).contains("\n" + key.key() + "=" + key.defaultValue() + "\n");
        }
        // with the required settings added, the example's OpenStack settings are the defaults
        Map<String, String> required = Map.of(
                "openstack.enabled", "true",
                "openstack.image", "ubuntu-22.04",
                "openstack.flavor", "m1.small",
                "openstack.network", "private",
                "openstack.ssh-cidr", "203.0.113.0/24");
        Map<String, String> fromExample = new HashMap<>(ProvisioningConfigLoader.readProperties(example));
        fromExample.putAll(required);
        OpenStackSettingsLoader loader = new OpenStackSettingsLoader(Map.of(), directory);

        assertThat(loader.load(fromExample, example.toString(), Map.of())).isEqualTo(loader.load(required, "defaults", Map.of()));
        assertThat(loader.load(ProvisioningConfigLoader.readProperties(example), example.toString(), Map.of())).isEmpty();
    }

    @Test
    void environmentBeatsTheFileAndTheCommandLineBeatsTheEnvironment() throws Exception {
        Path file = write("""
                input-bucket=file-input
                output-bucket=file-output
                queue.max-receive-count=5
                queue.visibility-timeout-seconds=100
                region=eu-west-1
                """);
        Map<String, String> environment = Map.of(
                "SMART_CLASSROOM_QUEUE_MAX_RECEIVE_COUNT", "7",
                "SMART_CLASSROOM_OUTPUT_BUCKET", "env-output",
                "UNRELATED", "x");

        ProvisioningConfig config = new ProvisioningConfigLoader(environment)
                .load(Optional.of(file), Map.of(ConfigKey.QUEUE_VISIBILITY_TIMEOUT, "901", ConfigKey.LOCAL_CLOUD, "true"));

        assertThat(config.names().inputBucket()).isEqualTo("file-input");
        assertThat(config.names().outputBucket()).isEqualTo("env-output");
        assertThat(config.queueSettings().maxReceiveCount()).isEqualTo(7);
        assertThat(config.queueSettings().visibilityTimeoutSeconds()).isEqualTo(901);
        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.localCloud()).isTrue();
        // the default encodings location is a bucket of its own named after the output bucket
        assertThat(config.encodingsLocation().toString()).isEqualTo("s3://env-encodings/encodings.json");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(ConfigKey.QUEUE_MAX_RECEIVE_COUNT.environmentVariable()).isEqualTo("SMART_CLASSROOM_QUEUE_MAX_RECEIVE_COUNT");
        assertThat(ConfigKey.INPUT_BUCKET.environmentVariable()).isEqualTo("SMART_CLASSROOM_INPUT_BUCKET");
        assertThat(ConfigKey.ENCODINGS_LOCATION.environmentVariable()).isEqualTo("SMART_CLASSROOM_ENCODINGS_LOCATION");
    }

    @Test
    void aConfiguredEncodingsLocationIsUsedAsIs() throws Exception {
        Path file = write("encodings.location=s3://models-bucket/face/encodings-v2.json\nencodings.file=enc.json\n");

        ProvisioningConfig config = new ProvisioningConfigLoader(Map.of()).load(Optional.of(file), Map.of());

        assertThat(config.encodingsLocation()).isEqualTo(new S3Location("models-bucket", "face/encodings-v2.json"));
        assertThat(config.encodingsFile()).contains(Path.of("enc.json"));
    }

    @Test
    void unknownKeysAreRejectedWithTheirNames() throws IOException {
        Path file = write("input-buckett=oops\nqueue=q\n");

        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting(s) [input-buckett]")
                .hasMessageContaining(file.toString());
    }

    @Test
    void badValuesNameTheSettingTheValueAndWhereItCameFrom() throws IOException {
        Path file = write("queue.max-receive-count=zero\n");
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of("SMART_CLASSROOM_QUEUE_RECEIVE_WAIT_SECONDS", "21"));

        assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
                .hasMessage("queue.max-receive-count must be an integer from 1 to 1000, got 'zero' (from " + file + ")");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of()))
                .hasMessage("queue.receive-wait-seconds must be an integer from 0 to 20, got '21'"
                        + " (from environment variable SMART_CLASSROOM_QUEUE_RECEIVE_WAIT_SECONDS)");
        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.QUEUE_MAX_RECEIVE_COUNT, "0")))
                .hasMessageContaining("got '0' (from command line)");
        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.INPUT_BUCKET, "Bad_Bucket")))
                .hasMessageStartingWith("input-bucket must be an S3 bucket name");
        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.ENCODINGS_LOCATION, "bucket/key")))
                .hasMessageStartingWith("encodings.location must be s3://bucket/key");
        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), Map.of(ConfigKey.LOCAL_CLOUD, "maybe")))
                .hasMessageStartingWith("local-cloud must be true or false");
    }

    @Test
    void theDefaultEncodingsBucketIsNamedAfterTheOutputBucket() throws Exception {
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of());

        assertThat(loader.load(Optional.empty(), Map.of(ConfigKey.OUTPUT_BUCKET, "results")).encodingsLocation())
                .isEqualTo(new S3Location("results-encodings", "encodings.json"));
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.OUTPUT_BUCKET, "r".repeat(60))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the default encodings bucket " + "r".repeat(60) + "-encodings is not a valid S3 bucket name")
                .hasMessageContaining("set encodings.location");
    }

    @Test
    void theInputBucketMustNotReceiveResultsOrEncodings() {
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of());

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.OUTPUT_BUCKET, "smart-classroom-input")))
                .hasMessageContaining("input-bucket and output-bucket must differ");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.ENCODINGS_LOCATION, "s3://smart-classroom-input/e.json")))
                .hasMessageContaining("outside the input and output buckets");
        // nor may the output bucket hold the encodings: whoever reads the results would read the faces
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.ENCODINGS_LOCATION, "s3://smart-classroom-output/config/e.json")))
                .hasMessageContaining("outside the input and output buckets");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        Path missing = directory.resolve("nope.properties");

        assertThatThrownBy(() -> new ProvisioningConfigLoader(Map.of()).load(Optional.of(missing), Map.of()))
                .hasMessage("configuration file " + missing + " does not exist");
    }

    @Test
    void suffixesAreTrimmedAndDeduplicated() throws Exception {
        ProvisioningConfig config = new ProvisioningConfigLoader(Map.of())
                .load(Optional.empty(), Map.of(ConfigKey.NOTIFICATION_SUFFIXES, " .mp4, .mov,,.mp4 "));

        assertThat(config.videoSuffixes()).isEqualTo(List.of(".mp4", ".mov"));
    }

    private Path write(String text) throws IOException {
        Path file = directory.resolve("provisioning.properties");
        Files.writeString(file, text);
        return file;
    }
}
