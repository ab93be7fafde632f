package io.smartclassroom.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.ResourceNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        assertThat(config.encodingsLocation()).isEqualTo(new S3Location("smart-classroom-output", "config/encodings.json"));
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
        // the default encodings location follows the output bucket
        assertThat(config.encodingsLocation().toString()).isEqualTo("s3://env-output/config/encodings.json");
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
    void theInputBucketMustNotReceiveResultsOrEncodings() {
        ProvisioningConfigLoader loader = new ProvisioningConfigLoader(Map.of());

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.OUTPUT_BUCKET, "smart-classroom-input")))
                .hasMessageContaining("input-bucket and output-bucket must differ");
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(ConfigKey.ENCODINGS_LOCATION, "s3://smart-classroom-input/e.json")))
                .hasMessageContaining("outside the input bucket");
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
