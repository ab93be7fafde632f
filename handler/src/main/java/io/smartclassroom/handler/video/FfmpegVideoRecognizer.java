package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionResult;
import io.smartclassroom.handler.recognition.TimeBudget;
import io.smartclassroom.handler.recognition.VideoRecognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who is in a video file: samples frames ({@link VideoFrameSampler}), detects and embeds every
 * face in each, matches them against the enrolled students and tallies the evidence
 * ({@link PresenceTally}), stopping early once the answer is settled. Owns a {@link FaceEngine}: one
 * instance per thread, close it.
 */
public final class FfmpegVideoRecognizer implements VideoRecognizer {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoRecognizer.class);

    private final FaceEngine engine;
    private final FaceGallery gallery;
    private final VideoSamplingPolicy policy;
    private final InputLimits limits;
    private final EvidenceCropper cropper;
    private final boolean cropUnknownFaces;

    /**
     * With the default {@link InputLimits}, cropping recognised students' faces only. Takes ownership of
     * {@code engine}: closing this recognizer closes it.
     */
    public FfmpegVideoRecognizer(FaceEngine engine, FaceGallery gallery, VideoSamplingPolicy policy) {
        this(engine, gallery, policy, InputLimits.DEFAULTS, EvidenceCropper.DEFAULT, false);
    }

    /** Cropping recognised students' faces only. */
    public FfmpegVideoRecognizer(FaceEngine engine, FaceGallery gallery, VideoSamplingPolicy policy, InputLimits limits) {
        this(engine, gallery, policy, limits, EvidenceCropper.DEFAULT, false);
    }

    /** With the default {@link InputLimits}. */
    public FfmpegVideoRecognizer(FaceEngine engine, FaceGallery gallery, VideoSamplingPolicy policy,
            EvidenceCropper cropper, boolean cropUnknownFaces) {
        this(engine, gallery, policy, InputLimits.DEFAULTS, cropper, cropUnknownFaces);
    }

    /**
     * Refuses videos whose container declares a duration or frame size over {@code limits}
     * ({@link io.smartclassroom.handler.recognition.VideoOverLimitException}). Every recognised student's
     * best-matching face is cut with {@code cropper}; with {@code cropUnknownFaces} one face of each unknown
     * person too. Takes ownership of {@code engine}.
     */
    public FfmpegVideoRecognizer(FaceEngine engine, FaceGallery gallery, VideoSamplingPolicy policy, InputLimits limits,
            EvidenceCropper cropper, boolean cropUnknownFaces) {
        this.engine = requireNonNull(engine, "engine");
        this.gallery = requireNonNull(gallery, "gallery");
        this.policy = requireNonNull(policy, "policy");
        this.limits = requireNonNull(limits, "limits");
        this.cropper = requireNonNull(cropper, "cropper");
        this.cropUnknownFaces = cropUnknownFaces;
    }

    private static final int UPRIGHT = -1;
    /** The ways a frame is tried: as shown, then a quarter turn either way. */
    private static final int[] TURNS = {UPRIGHT, ROTATE_90_CLOCKWISE, ROTATE_90_COUNTERCLOCKWISE};

    @Override
    public RecognitionResult recognize(Path video) throws InvalidVideoException {
        return analyze(video).toResult();
    }

    /** Like {@link #recognize(Path)}, with per-student detail (first and last sighting, frames, best similarity, evidence) and the work done. */
    @Override
    public VideoAnalysis analyze(Path video) throws InvalidVideoException {
        return analyze(video, TimeRange.WHOLE);
    }

    /**
     * Analyses only {@code range} of {@code video}; the analyses of a video's segments combine with
     * {@link VideoAnalysis#merge}. A long video ({@link VideoSamplingPolicy#isLong}) is sampled by seeking
     * and its faces tracked; a short one is sampled densely and every face of every frame matched.
     */
    public VideoAnalysis analyze(Path video, TimeRange range) throws InvalidVideoException {
        return analyze(video, range, TimeBudget.UNLIMITED);
    }

    /** Like {@link #analyze(Path, TimeRange)}, checking {@code budget} before each sampled frame. */
    @Override
    public VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        requireNonNull(video, "video");
        requireNonNull(range, "range");
        requireNonNull(budget, "budget");
        long started = System.nanoTime();
        try (VideoFrameSampler sampler = VideoFrameSampler.open(video, policy, range, limits)) {
            VideoAnalysis analysis = sampler.seeking() ? analyzeTracked(sampler, started, budget) : analyzeDense(sampler, started, budget);
            LOG.info("video {}: students {} ({}x{} {}, rotation {}, range {}, {}, {} unknown people{}) {}{}",
                    video, analysis.studentNames(), sampler.width(), sampler.height(), sampler.codec(),
                    sampler.rotationDegrees(), range, sampler.seeking() ? "seek-sampled and tracked" : "densely sampled",
                    analysis.unknownPeople(), analysis.stoppedEarly() ? ", stopped early" : "", analysis.stats().describe(),
                    analysis.reason().isEmpty() ? "" : ": " + analysis.reason());
            return analysis;
        }
    }

    private VideoAnalysis analyzeDense(VideoFrameSampler sampler, long started, TimeBudget budget) throws InvalidVideoException {
        PresenceTally tally = new PresenceTally(gallery.policy());
        StageClock clock = new StageClock();
        int[] turn = {UPRIGHT};
        boolean stoppedEarly = false;
        SampledFrame frame;
        budget.begin(sampler.position());
        while ((frame = clock.decoded(sampler.next())) != null) {
            budget.check(frame.timestampMicros());
            tally.addFrame(frame.timestampMicros(), observe(frame, turn, clock, tally));
            if (tally.frames() >= policy.minFrames() && tally.settled(policy.settleFrames())) {
                stoppedEarly = true;
                break;
            }
        }
        AnalysisStats stats = clock.stats(sampler, tally.frames(), 0, started);
        return tally.result(sampler.decodedFrames(), stoppedEarly, sampler.intervalMicros(), sampler.durationMicros(), stats);
    }

    private VideoAnalysis analyzeTracked(VideoFrameSampler sampler, long started, TimeBudget budget) throws InvalidVideoException {
        FaceTracker tracker = new FaceTracker(gallery::match, gallery.policy(), cropUnknownFaces);
        StageClock clock = new StageClock();
        SampledFrame frame;
        long lastMicros = 0;
        budget.begin(sampler.position());
        while ((frame = clock.decoded(sampler.next())) != null) {
            budget.check(frame.timestampMicros());
            lastMicros = Math.max(lastMicros, frame.timestampMicros());
            PointerScope scope = new PointerScope();
            try {
                Mat image = frame.bgr();
                long detecting = System.nanoTime();
                List<DetectedFace> faces = engine.detectInFrame(image, policy.longVideoDetectionSide());
                clock.detected(detecting, faces.size());
                tracker.addFrame(frame.timestampMicros(), faces, face -> {
                    long embedding = System.nanoTime();
                    float[] vector = engine.embed(image, face);
                    clock.embedded(embedding);
                    return vector;
                }, face -> cropOrNull(image, face));
            } finally {
                scope.close();
                clock.mark();
            }
        }
        AnalysisStats stats = clock.stats(sampler, tracker.framesExamined(), tracker.tracks().size(), started);
        List<StudentSighting> students = tracker.students(sampler.intervalMicros());
        int unknownFaces = (int) tracker.tracks().stream()
                .filter(t -> t.match() == null || !t.match().recognised()).mapToInt(FaceTracker.Track::frames).sum();
        String reason = students.isEmpty()
                ? "%d faces in %d tracks over %d examined frames, none a confidently matched student"
                        .formatted(tracker.detections(), tracker.tracks().size(), tracker.framesExamined())
                : "";
        return new VideoAnalysis(students, tracker.framesExamined(), sampler.decodedFrames(), tracker.detections(),
                unknownFaces, 0, tracker.unknownPeople(), false, stats.elapsedMillis(), reason, stats,
                Math.max(sampler.durationMicros(), lastMicros), sampler.intervalMicros(), tracker.unknownCrops());
    }

    /** Time spent per stage and the work counted, for {@link AnalysisStats}. */
    private static final class StageClock {
        private long lastMark = System.nanoTime();
        private long decodeNanos;
        private long detectNanos;
        private long embedNanos;
        private int detections;
        private int embeddings;

        SampledFrame decoded(SampledFrame frame) {
            decodeNanos += System.nanoTime() - lastMark;
            return frame;
        }

        void detected(long startedNanos, int faces) {
            detectNanos += System.nanoTime() - startedNanos;
            detections += faces;
        }

        void embedded(long startedNanos) {
            embedNanos += System.nanoTime() - startedNanos;
            embeddings++;
        }

        /** Marks the start of the next decode: everything after the current frame's processing. */
        void mark() {
            lastMark = System.nanoTime();
        }

        AnalysisStats stats(VideoFrameSampler sampler, int examined, int tracks, long started) {
            return new AnalysisStats(sampler.decodedFrames(), sampler.seeks(), examined, detections, embeddings, tracks,
                    decodeNanos / 1_000_000, detectNanos / 1_000_000, embedNanos / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Detects and matches the faces of one frame, as the frame is shown ({@code turn[0]}: upright, or the
     * quarter turn that recognised someone before). A frame where nobody is recognised the current way is
     * also tried a quarter turn either way, for videos stored sideways without rotation metadata; if a
     * turn recognises more faces, it is used and kept for the next frames.
     */
    private List<FaceObservation> observe(SampledFrame frame, int[] turn, StageClock clock, PresenceTally tally) {
        // The scope frees any native temporary made while processing the frame, so nothing accumulates across videos.
        PointerScope scope = new PointerScope();
        try {
            List<FaceObservation> best = observe(turned(frame.bgr(), turn[0]), clock, tally, frame.timestampMicros());
            for (int i = 0; recognised(best) == 0 && i < TURNS.length; i++) {
                if (TURNS[i] == turn[0]) {
                    continue;
                }
                List<FaceObservation> candidate = observe(turned(frame.bgr(), TURNS[i]), clock, tally, frame.timestampMicros());
                if (recognised(candidate) > 0) {
                    LOG.debug("students recognised with the frame turned ({}); keeping that turn", TURNS[i]);
                    turn[0] = TURNS[i];
                    best = candidate;
                }
            }
            return best;
        } finally {
            scope.close();
            clock.mark();
        }
    }

    /**
     * Detects, embeds and matches the faces of {@code image} (the frame, possibly turned), and crops those the
     * tally could keep as evidence while the image is alive: a student's face when it is their best match so far,
     * and (unknown crops on) every unknown face of a frame showing more unknown faces than any before.
     */
    private List<FaceObservation> observe(Mat image, StageClock clock, PresenceTally tally, long micros) {
        long detecting = System.nanoTime();
        List<DetectedFace> faces = engine.detectInFrame(image);
        clock.detected(detecting, faces.size());
        List<FaceObservation> observations = new ArrayList<>(faces.size());
        for (DetectedFace face : faces) {
            long embedding = System.nanoTime();
            float[] vector = engine.embed(image, face);
            clock.embedded(embedding);
            observations.add(new FaceObservation(face, gallery.match(vector)));
        }
        long unknown = observations.stream().filter(o -> !o.match().recognised()).count();
        boolean cropUnknown = cropUnknownFaces && unknown > tally.maxUnknownInFrame();
        for (int i = 0; i < observations.size(); i++) {
            FaceObservation observation = observations.get(i);
            FaceMatch match = observation.match();
            boolean wanted = match.recognised() ? tally.improves(match.nearestStudent(), match.similarity()) : cropUnknown;
            byte[] jpeg = wanted ? cropOrNull(image, observation.face()) : null;
            if (jpeg != null) {
                observations.set(i, observation.withCrop(new FaceCrop(jpeg, match.similarity(), micros)));
            }
        }
        return observations;
    }

    /** The evidence JPEG of {@code face}, or null (logged) when its box cannot be cut: evidence never fails a video. */
    private byte[] cropOrNull(Mat image, DetectedFace face) {
        try {
            return cropper.crop(image, face);
        } catch (IllegalArgumentException e) {
            LOG.warn("no evidence crop of a face: {}", e.getMessage());
            return null;
        }
    }

    private static long recognised(List<FaceObservation> observations) {
        return observations.stream().filter(observation -> observation.match().recognised()).count();
    }

    private static Mat turned(Mat bgr, int turn) {
        if (turn == UPRIGHT) {
            return bgr;
        }
        Mat out = new Mat();
        rotate(bgr, out, turn);
        return out;
    }

    @Override
    public void close() {
        engine.close();
    }
}
