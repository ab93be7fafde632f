package io.smartclassroom.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.recognition.LongVideoSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerConfigTest {

    @Test
    void onlyTheEncodingsAreRequiredAndTheRestDefaultToTheSharedResourceNames() {
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "/opt/encodings.json"));

        assertThat(config.outputBucket()).isEqualTo("smart-classroom-output");
        assertThat(config.studentsTable()).isEqualTo("smart-classroom-students");
        assertThat(config.studentsNameIndex()).isEqualTo("name-index");
        assertThat(config.encodings()).isEqualTo(new EncodingsLocation.LocalFile(Path.of("/opt/encodings.json")));
        assertThat(config.modelsDir()).isEqualTo(Path.of("/opt/models"));
        assertThat(config.recognitionModel()).isEqualTo("sface");
        assertThat(config.sampleFps()).isEqualTo(2.0);
        assertThat(config.s3PathStyle()).isFalse();
        assertThat(config.encodingsRefresh()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void unknownFaceCropsAreOffUnlessAskedForAndAnythingButTrueOrFalseIsNamed() {
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json")).evidenceUnknownFaces()).isFalse();
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "EVIDENCE_UNKNOWN_FACES", "true"))
                .evidenceUnknownFaces()).isTrue();
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "EVIDENCE_UNKNOWN_FACES", "FALSE"))
                .evidenceUnknownFaces()).isFalse();
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "EVIDENCE_UNKNOWN_FACES", "true")).describe())
                .contains("EVIDENCE_UNKNOWN_FACES=true");
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "EVIDENCE_UNKNOWN_FACES", "yes")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("EVIDENCE_UNKNOWN_FACES must be true or false, got 'yes'");
    }

    @Test
    void aRefreshIntervalThatIsNotAWholeNumberOfSecondsIsNamed() {
        for (String bad : new String[] {"-1", "soon", "1.5"}) {
            assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "ENCODINGS_REFRESH_SECONDS", bad)))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("ENCODINGS_REFRESH_SECONDS must be a whole number of seconds")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of(
                "OUTPUT_BUCKET", "out",
                "STUDENTS_TABLE", "students",
                "STUDENTS_NAME_INDEX", "by-name",
                "ENCODINGS", "s3://config-bucket/enrolled/encodings v2.json",
                "MODELS_DIR", "/models",
                "RECOGNITION_MODEL", "faceplugin",
                "SAMPLE_FPS", "0.5",
                "ENCODINGS_REFRESH_SECONDS", "0",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"));

        assertThat(config).isEqualTo(new HandlerConfig("out", "students", "by-name",
                new EncodingsLocation.S3Object("config-bucket", "enrolled/encodings v2.json"),
                Path.of("/models"), "faceplugin", 0.5, java.time.Duration.ZERO, true));
        assertThat(config.describe()).contains("ENCODINGS=s3://config-bucket/enrolled/encodings v2.json", "SAMPLE_FPS=0.5");
    }

    @Test
    void longVideoSettingsDefaultAndAreRead() {
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json")).longVideos())
                .isEqualTo(new LongVideoSettings(60, 5, 1920));
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "LONG_VIDEO_SECONDS", "120",
                "LONG_VIDEO_INTERVAL_SECONDS", "2.5", "LONG_VIDEO_DETECTION_SIDE", "1344"));
        assertThat(config.longVideos()).isEqualTo(new LongVideoSettings(120, 2.5, 1344));
        assertThat(config.describe()).contains("LONG_VIDEO_SECONDS=120.0", "LONG_VIDEO_INTERVAL_SECONDS=2.5",
                "LONG_VIDEO_DETECTION_SIDE=1344");
    }

    @Test
    void theInputBucketAndTheInputLimitsDefaultAndAreRead() {
        HandlerConfig defaults = HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json"));
        assertThat(defaults.inputBucket()).isEqualTo("smart-classroom-input");
        assertThat(defaults.limits()).isEqualTo(new InputLimits(4L * 1024 * 1024 * 1024, 14400, 3840L * 2160, 10));

        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "INPUT_BUCKET", "lectures",
                "MAX_VIDEO_BYTES", "1000000", "MAX_VIDEO_SECONDS", "90.5", "MAX_FRAME_PIXELS", "2073600",
                "MAX_EVENT_RECORDS", "1"));
        assertThat(config.inputBucket()).isEqualTo("lectures");
        assertThat(config.limits()).isEqualTo(new InputLimits(1_000_000, 90.5, 2_073_600, 1));
        assertThat(config.describe()).contains("INPUT_BUCKET=lectures", "MAX_VIDEO_BYTES=1000000", "MAX_VIDEO_SECONDS=90.5",
                "MAX_FRAME_PIXELS=2073600", "MAX_EVENT_RECORDS=1");
        assertThat(HandlerConfig.INPUT_BUCKET).isEqualTo(io.smartclassroom.common.FunctionEnvironment.INPUT_BUCKET);
    }

    @Test
    void badInputLimitsAreNamed() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "MAX_VIDEO_BYTES", "4GB",
                "MAX_VIDEO_SECONDS", "0", "MAX_FRAME_PIXELS", "1.5", "MAX_EVENT_RECORDS", "-3")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("MAX_VIDEO_BYTES must be a positive whole number, got '4GB'")
                .hasMessageContaining("MAX_VIDEO_SECONDS must be a positive number, got '0'")
                .hasMessageContaining("MAX_FRAME_PIXELS must be a positive whole number, got '1.5'")
                .hasMessageContaining("MAX_EVENT_RECORDS must be a positive whole number, got '-3'");
    }

    @Test
    void badLongVideoSettingsAreNamed() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "LONG_VIDEO_SECONDS", "-1",
                "LONG_VIDEO_INTERVAL_SECONDS", "often", "LONG_VIDEO_DETECTION_SIDE", "100")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("LONG_VIDEO_SECONDS")
                .hasMessageContaining("LONG_VIDEO_INTERVAL_SECONDS")
                .hasMessageContaining("LONG_VIDEO_DETECTION_SIDE");
    }

    @Test
    void theModelsDefaultToTheAssetsFolderWhenOneIsSet() {
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "ASSETS_DIR", "/work/shared/assets"));

        assertThat(config.modelsDir()).isEqualTo(Path.of("/work/shared/assets/models"));
    }

    @Test
    void aGeneralEndpointOverrideAlsoMeansPathStyleS3() {
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"))
                .s3PathStyle()).isTrue();
    }

    @Test
    void everyProblemIsNamedInOneStartupError() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("SAMPLE_FPS", "fast", "OUTPUT_BUCKET", "  ")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ENCODINGS is not set")
                .hasMessageContaining("SAMPLE_FPS must be a positive number of frames per second, got 'fast'");
    }

    @Test
    void badEncodingLocationsAndFrameRatesAreRejected() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "s3://only-a-bucket")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("s3://bucket/key");
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "s3://bucket/")))
                .isInstanceOf(InvalidConfigException.class);
        for (String fps : new String[] {"0", "-1", "NaN", "Infinity"}) {
            assertThatThrownBy(() -> HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json", "SAMPLE_FPS", fps)))
                    .as(fps)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("SAMPLE_FPS");
        }
    }
}
