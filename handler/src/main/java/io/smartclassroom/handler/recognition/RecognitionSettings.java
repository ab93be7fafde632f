package io.smartclassroom.handler.recognition;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * What the face engine needs to start: where the model files are, which recognition model to use
 * (a built-in name such as {@code sface} or {@code faceplugin}, or the path of a model descriptor JSON),
 * the enrolled encodings, how many frames per second of video to examine, how long videos are examined, the
 * largest video (duration, pixels per frame) decoded at all, and whether the faces of unknown people are cropped
 * as evidence too ({@code evidenceUnknownFaces}; recognised students' faces always are).
 */
public record RecognitionSettings(Path modelsDir, String recognitionModel, Path encodingsFile, double sampleFps,
        LongVideoSettings longVideos, InputLimits limits, boolean evidenceUnknownFaces) {
    /** Without crops of unknown faces. */
    public RecognitionSettings(Path modelsDir, String recognitionModel, Path encodingsFile, double sampleFps,
            LongVideoSettings longVideos, InputLimits limits) {
        this(modelsDir, recognitionModel, encodingsFile, sampleFps, longVideos, limits, false);
    }

    /** With the default long-video settings and input limits. */
    public RecognitionSettings(Path modelsDir, String recognitionModel, Path encodingsFile, double sampleFps) {
        this(modelsDir, recognitionModel, encodingsFile, sampleFps, LongVideoSettings.DEFAULTS);
    }

    /** With the default input limits and without crops of unknown faces. */
    public RecognitionSettings(Path modelsDir, String recognitionModel, Path encodingsFile, double sampleFps,
            LongVideoSettings longVideos) {
        this(modelsDir, recognitionModel, encodingsFile, sampleFps, longVideos, InputLimits.DEFAULTS, false);
    }

    /** With the default input limits. */
    public RecognitionSettings(Path modelsDir, String recognitionModel, Path encodingsFile, double sampleFps,
            LongVideoSettings longVideos, boolean evidenceUnknownFaces) {
        this(modelsDir, recognitionModel, encodingsFile, sampleFps, longVideos, InputLimits.DEFAULTS, evidenceUnknownFaces);
    }

    public RecognitionSettings {
        requireNonNull(longVideos, "longVideos");
        requireNonNull(limits, "limits");
        requireNonNull(modelsDir, "modelsDir");
        requireNonNull(recognitionModel, "recognitionModel");
        requireNonNull(encodingsFile, "encodingsFile");
        if (!(sampleFps > 0)) {
            throw new IllegalArgumentException("sampleFps must be positive: " + sampleFps);
        }
    }
}
