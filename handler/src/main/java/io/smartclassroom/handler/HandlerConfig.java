package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.EndpointEnvironment;
import io.smartclassroom.common.FunctionEnvironment;
import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.pipeline.FanOutSettings;
import io.smartclassroom.handler.recognition.LongVideoSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The function's settings, read from its environment:
 * <ul>
 *   <li>{@code INPUT_BUCKET} — the bucket the videos are uploaded to (default {@code smart-classroom-input}); an event
 *       record for any other bucket is rejected ({@code invalid-event});
 *   <li>{@code OUTPUT_BUCKET} — where the CSVs go (default {@code smart-classroom-output});
 *   <li>{@code STUDENTS_TABLE}, {@code STUDENTS_NAME_INDEX} — the students table and its index on
 *       {@code name} (defaults {@code smart-classroom-students}, {@code name-index});
 *   <li>{@code ENCODINGS} — the enrolled face encodings: a file path or {@code s3://bucket/key} (required);
 *   <li>{@code MODELS_DIR} — the face model files (default {@code $ASSETS_DIR/models} when
 *       {@code ASSETS_DIR} is set, else {@code /opt/models} as in the Lambda image);
 *   <li>{@code RECOGNITION_MODEL} — {@code sface} (default), {@code faceplugin} or a model descriptor path;
 *   <li>{@code SAMPLE_FPS} — frames per second of video to examine (default 2);
 *   <li>{@code ENCODINGS_REFRESH_SECONDS} — how often a warm function checks whether the encodings
 *       changed (a conditional GET with the ETag it has, or the file's time and size), at most once per
 *       this many seconds, before a video (default 60; 0 = before every video).
 *   <li>{@code LONG_VIDEO_SECONDS}, {@code LONG_VIDEO_INTERVAL_SECONDS}, {@code LONG_VIDEO_DETECTION_SIDE} —
 *       videos longer than this (default 60 s) are sampled by seeking every interval (default 5 s) and their
 *       faces detected at that long side (default 1920 px) and tracked ({@link LongVideoSettings}).
 *   <li>{@code MAX_VIDEO_BYTES} (default 4294967296 = 4 GiB), {@code MAX_VIDEO_SECONDS} (default 14400 = 4 h),
 *       {@code MAX_FRAME_PIXELS} (default 8294400 = 3840×2160), {@code MAX_EVENT_RECORDS} (default 10) — the
 *       largest input accepted, checked before decoding; over one, the video is rejected ({@code over-limit})
 *       ({@link InputLimits}).
 *   <li>{@code EVIDENCE_UNKNOWN_FACES} — {@code true}: also write one face crop per unknown person beside the
 *       students' evidence (default {@code false}: only recognised students' faces are kept).
 *   <li>{@code SEGMENT_SECONDS}, {@code TIME_MARGIN_SECONDS} — the segment length of a fanned-out video's plan
 *       (default 300 s) and the time an invocation keeps in reserve before its timeout (default 10 s)
 *       ({@link FanOutSettings}).
 * </ul>
 * S3 is addressed path-style when the SDK is pointed at an endpoint of its own
 * ({@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}), as local S3 emulators need.
 */
public record HandlerConfig(
        String outputBucket,
        String studentsTable,
        String studentsNameIndex,
        EncodingsLocation encodings,
        Path modelsDir,
        String recognitionModel,
        double sampleFps,
        Duration encodingsRefresh,
        boolean s3PathStyle,
        LongVideoSettings longVideos,
        String inputBucket,
        InputLimits limits,
        boolean evidenceUnknownFaces,
        FanOutSettings fanOut) {

    /** With the default fan-out settings. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle,
            LongVideoSettings longVideos, String inputBucket, InputLimits limits, boolean evidenceUnknownFaces) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, longVideos, inputBucket, limits, evidenceUnknownFaces, FanOutSettings.DEFAULTS);
    }

    /** With the default input bucket and limits, without crops of unknown faces. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle,
            LongVideoSettings longVideos, FanOutSettings fanOut) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, longVideos, ResourceNames.DEFAULTS.inputBucket(), InputLimits.DEFAULTS,
                false, fanOut);
    }

    /** Without crops of unknown faces. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle,
            LongVideoSettings longVideos, String inputBucket, InputLimits limits) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, longVideos, inputBucket, limits, false);
    }

    /** With the default long-video settings, input bucket and limits. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, LongVideoSettings.DEFAULTS);
    }

    /** With the default input bucket and limits. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle,
            LongVideoSettings longVideos, boolean evidenceUnknownFaces) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, longVideos, ResourceNames.DEFAULTS.inputBucket(), InputLimits.DEFAULTS,
                evidenceUnknownFaces);
    }

    /** With the default input bucket and limits, without crops of unknown faces. */
    public HandlerConfig(String outputBucket, String studentsTable, String studentsNameIndex, EncodingsLocation encodings,
            Path modelsDir, String recognitionModel, double sampleFps, Duration encodingsRefresh, boolean s3PathStyle,
            LongVideoSettings longVideos) {
        this(outputBucket, studentsTable, studentsNameIndex, encodings, modelsDir, recognitionModel, sampleFps,
                encodingsRefresh, s3PathStyle, longVideos, ResourceNames.DEFAULTS.inputBucket(), InputLimits.DEFAULTS);
    }

    public static final String INPUT_BUCKET = FunctionEnvironment.INPUT_BUCKET;
    public static final String OUTPUT_BUCKET = FunctionEnvironment.OUTPUT_BUCKET;
    public static final String STUDENTS_TABLE = "STUDENTS_TABLE";
    public static final String STUDENTS_NAME_INDEX = "STUDENTS_NAME_INDEX";
    public static final String ENCODINGS = "ENCODINGS";
    public static final String MODELS_DIR = "MODELS_DIR";
    public static final String ASSETS_DIR = "ASSETS_DIR";
    public static final String RECOGNITION_MODEL = "RECOGNITION_MODEL";
    public static final String SAMPLE_FPS = "SAMPLE_FPS";
    public static final String ENCODINGS_REFRESH_SECONDS = "ENCODINGS_REFRESH_SECONDS";
    public static final String EVIDENCE_UNKNOWN_FACES = "EVIDENCE_UNKNOWN_FACES";

    public static final Path LAMBDA_MODELS_DIR = Path.of("/opt/models");
    public static final String DEFAULT_RECOGNITION_MODEL = "sface";
    public static final double DEFAULT_SAMPLE_FPS = 2;
    public static final Duration DEFAULT_ENCODINGS_REFRESH = Duration.ofSeconds(60);

    public HandlerConfig {
        requireNonNull(outputBucket, "outputBucket");
        requireNonNull(studentsTable, "studentsTable");
        requireNonNull(studentsNameIndex, "studentsNameIndex");
        requireNonNull(encodings, "encodings");
        requireNonNull(modelsDir, "modelsDir");
        requireNonNull(recognitionModel, "recognitionModel");
        requireNonNull(longVideos, "longVideos");
        requireNonNull(inputBucket, "inputBucket");
        requireNonNull(limits, "limits");
        requireNonNull(fanOut, "fanOut");
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sampleFps must be a positive number: " + sampleFps);
        }
        requireNonNull(encodingsRefresh, "encodingsRefresh");
        if (encodingsRefresh.isNegative()) {
            throw new IllegalArgumentException("encodingsRefresh must not be negative: " + encodingsRefresh);
        }
    }

    /** Reads the settings; every missing or unusable one is named in the exception's message. */
    public static HandlerConfig fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env");
        List<String> problems = new ArrayList<>();
        ResourceNames names = ResourceNames.DEFAULTS;

        String inputBucket = text(env, INPUT_BUCKET, names.inputBucket());
        String outputBucket = text(env, OUTPUT_BUCKET, names.outputBucket());
        String table = text(env, STUDENTS_TABLE, names.table());
        String nameIndex = text(env, STUDENTS_NAME_INDEX, names.nameIndex());
        String model = text(env, RECOGNITION_MODEL, DEFAULT_RECOGNITION_MODEL);

        EncodingsLocation encodings = null;
        String encodingsText = text(env, ENCODINGS, null);
        if (encodingsText == null) {
            problems.add(ENCODINGS + " is not set (the enrolled face encodings: a file path or s3://bucket/key)");
        } else {
            try {
                encodings = EncodingsLocation.parse(encodingsText);
            } catch (IllegalArgumentException e) {
                problems.add(ENCODINGS + " is not a file path or s3://bucket/key: '" + encodingsText + "' (" + e.getMessage() + ")");
            }
        }

        Path modelsDir = null;
        String modelsText = text(env, MODELS_DIR, null);
        String assetsText = text(env, ASSETS_DIR, null);
        try {
            if (modelsText != null) {
                modelsDir = Path.of(modelsText);
            } else if (assetsText != null) {
                modelsDir = Path.of(assetsText).resolve("models");
            } else {
                modelsDir = LAMBDA_MODELS_DIR;
            }
        } catch (InvalidPathException e) {
            problems.add(MODELS_DIR + " is not a path: " + e.getMessage());
        }

        double sampleFps = DEFAULT_SAMPLE_FPS;
        String fpsText = text(env, SAMPLE_FPS, null);
        if (fpsText != null) {
            try {
                sampleFps = Double.parseDouble(fpsText);
            } catch (NumberFormatException e) {
                sampleFps = Double.NaN;
            }
            if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
                problems.add(SAMPLE_FPS + " must be a positive number of frames per second, got '" + fpsText + "'");
            }
        }

        Duration refresh = DEFAULT_ENCODINGS_REFRESH;
        String refreshText = text(env, ENCODINGS_REFRESH_SECONDS, null);
        if (refreshText != null) {
            try {
                refresh = Duration.ofSeconds(Long.parseLong(refreshText));
            } catch (NumberFormatException e) {
                refresh = null;
            }
            if (refresh == null || refresh.isNegative()) {
                problems.add(ENCODINGS_REFRESH_SECONDS + " must be a whole number of seconds, 0 or more (0 = check before every video), got '"
                        + refreshText + "'");
            }
        }
        LongVideoSettings longVideos = LongVideoSettings.fromEnvironment(env, problems);
        InputLimits limits = InputLimits.fromEnvironment(env, problems);
        boolean evidenceUnknownFaces = false;
        String unknownText = text(env, EVIDENCE_UNKNOWN_FACES, null);
        if (unknownText != null) {
            if (unknownText.equalsIgnoreCase("true")) {
                evidenceUnknownFaces = true;
            } else if (!unknownText.equalsIgnoreCase("false")) {
                problems.add(EVIDENCE_UNKNOWN_FACES + " must be true or false, got '" + unknownText + "'");
            }
        }
        FanOutSettings fanOut = FanOutSettings.fromEnvironment(env, problems);

        if (!problems.isEmpty()) {
            throw new InvalidConfigException("invalid handler configuration: " + String.join("; ", problems));
        }
        boolean pathStyle = new EndpointEnvironment(env).isOverridden("S3");
        return new HandlerConfig(outputBucket, table, nameIndex, encodings, modelsDir, model, sampleFps, refresh, pathStyle,
                longVideos, inputBucket, limits, evidenceUnknownFaces, fanOut);
    }

    private static String text(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    /** One line for the startup log. */
    public String describe() {
        return OUTPUT_BUCKET + "=" + outputBucket
                + " " + INPUT_BUCKET + "=" + inputBucket
                + " " + STUDENTS_TABLE + "=" + studentsTable
                + " " + STUDENTS_NAME_INDEX + "=" + studentsNameIndex
                + " " + ENCODINGS + "=" + encodings
                + " " + MODELS_DIR + "=" + modelsDir
                + " " + RECOGNITION_MODEL + "=" + recognitionModel
                + " " + SAMPLE_FPS + "=" + sampleFps
                + " " + ENCODINGS_REFRESH_SECONDS + "=" + encodingsRefresh.toSeconds()
                + " " + longVideos.describe()
                + " " + limits.describe()
                + " " + EVIDENCE_UNKNOWN_FACES + "=" + evidenceUnknownFaces
                + " " + fanOut.describe()
                + " s3PathStyle=" + s3PathStyle;
    }
}
