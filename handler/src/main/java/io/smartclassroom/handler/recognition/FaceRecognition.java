package io.smartclassroom.handler.recognition;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.InvalidEncodingsException;
import io.smartclassroom.handler.face.ModelLoadException;
import io.smartclassroom.handler.video.EvidenceCropper;
import io.smartclassroom.handler.video.FfmpegVideoRecognizer;
import io.smartclassroom.handler.video.VideoFrameSampler;
import io.smartclassroom.handler.video.VideoSamplingPolicy;
import java.util.List;

/**
 * The face engine as the rest of the handler sees it: verified models plus the enrolled students,
 * loaded once per process. Immutable and thread-safe; each worker thread gets its own native networks
 * through {@link #newVideoRecognizer()}.
 */
public final class FaceRecognition {
    private final FaceModels models;
    private final FaceGallery gallery;
    private final VideoSamplingPolicy sampling;
    private final String encodingsSource;
    private final InputLimits limits;
    private final boolean evidenceUnknownFaces;

    private FaceRecognition(FaceModels models, FaceGallery gallery, VideoSamplingPolicy sampling, String encodingsSource,
            InputLimits limits, boolean evidenceUnknownFaces) {
        this.limits = limits;
        this.models = models;
        this.gallery = gallery;
        this.sampling = sampling;
        this.encodingsSource = encodingsSource;
        this.evidenceUnknownFaces = evidenceUnknownFaces;
    }

    /**
     * Verifies the detector and recognition model files in {@code settings.modelsDir()} against their
     * pinned SHA-256 sums, loads them, and loads the encodings, which must have been made with the same
     * recognition model. Also loads FFmpeg's native libraries, so that the first video is not slower.
     *
     * @throws ModelLoadException when a model file is missing, differs from the pinned one or cannot be
     *     loaded (the message names the file, the expected SHA-256 and where to get it)
     * @throws InvalidEncodingsException when the encodings file is missing, invalid, empty, or was made
     *     with another model
     */
    public static FaceRecognition load(RecognitionSettings settings) {
        requireNonNull(settings, "settings");
        FaceModels models = FaceModels.load(settings.modelsDir(), settings.recognitionModel());
        Encodings encodings = EncodingsFile.readFor(settings.encodingsFile(), models.identity());
        if (encodings.students().isEmpty()) {
            throw new InvalidEncodingsException("encodings file %s enrolls no student".formatted(settings.encodingsFile().toAbsolutePath()));
        }
        VideoFrameSampler.loadNativeLibraries();
        return new FaceRecognition(models, FaceGallery.of(encodings, models.matchPolicy()),
                VideoSamplingPolicy.withSampleFps(settings.sampleFps()).withLongVideos(settings.longVideos().thresholdSeconds(),
                        settings.longVideos().intervalSeconds(), settings.longVideos().detectionSide()),
                settings.encodingsFile().toString(), settings.limits(), settings.evidenceUnknownFaces());
    }

    /** A recognizer with its own native networks (they are not thread-safe): one per worker thread; close it. */
    public VideoRecognizer newVideoRecognizer() {
        return newVideoRecognizer(sampling);
    }

    /** Like {@link #newVideoRecognizer()} matching against {@code otherGallery} (made with this model), e.g. re-read encodings. */
    public VideoRecognizer newVideoRecognizer(FaceGallery otherGallery) {
        requireNonNull(otherGallery, "otherGallery");
        if (!otherGallery.model().sameModelAs(models.identity())) {
            throw new IllegalArgumentException("a gallery of model %s cannot be matched with model %s"
                    .formatted(otherGallery.model(), models.identity()));
        }
        return new FfmpegVideoRecognizer(models.newEngine(), otherGallery, sampling, limits, EvidenceCropper.DEFAULT,
                evidenceUnknownFaces);
    }

    /** Like {@link #newVideoRecognizer()} with another sampling policy (e.g. no early stop). */
    public FfmpegVideoRecognizer newVideoRecognizer(VideoSamplingPolicy policy) {
        return new FfmpegVideoRecognizer(models.newEngine(), gallery, policy, limits, EvidenceCropper.DEFAULT,
                evidenceUnknownFaces);
    }

    /** A detector + embedder with its own native networks, for photos; close it. */
    public FaceEngine newFaceEngine() {
        return models.newEngine();
    }

    public FaceGallery gallery() {
        return gallery;
    }

    public FaceModels models() {
        return models;
    }

    public VideoSamplingPolicy sampling() {
        return sampling;
    }

    public List<String> enrolledStudents() {
        return gallery.students();
    }

    /** One line for the startup log: detector, recognition model, thresholds, dimension, students enrolled, sampling. */
    public String description() {
        return ("%s; %d students enrolled (%d embeddings) from %s; video sampled at %.3g fps (min %d frames, early stop after %d agreeing frames);"
                + " videos over %.3g s sampled every %.3g s by seeking, detected at %d px and tracked; evidence crops of students%s")
                .formatted(models.description(), gallery.students().size(), gallery.embeddingCount(), encodingsSource,
                        sampling.sampleFps(), sampling.minFrames(), sampling.settleFrames(), sampling.longVideoSeconds(),
                        sampling.longVideoIntervalSeconds(), sampling.longVideoDetectionSide(),
                        evidenceUnknownFaces ? " and unknown faces" : " only");
    }
}
