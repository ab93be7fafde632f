package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionResult;
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

    /** Takes ownership of {@code engine}: closing this recognizer closes it. */
    public FfmpegVideoRecognizer(FaceEngine engine, FaceGallery gallery, VideoSamplingPolicy policy) {
        this.engine = requireNonNull(engine, "engine");
        this.gallery = requireNonNull(gallery, "gallery");
        this.policy = requireNonNull(policy, "policy");
    }

    private static final int UPRIGHT = -1;
    /** The ways a frame is tried: as shown, then a quarter turn either way. */
    private static final int[] TURNS = {UPRIGHT, ROTATE_90_CLOCKWISE, ROTATE_90_COUNTERCLOCKWISE};

    @Override
    public RecognitionResult recognize(Path video) throws InvalidVideoException {
        return analyze(video).toResult();
    }

    /** Like {@link #recognize(Path)}, with per-student detail (first sighting, frames, best similarity). */
    public VideoAnalysis analyze(Path video) throws InvalidVideoException {
        requireNonNull(video, "video");
        long started = System.nanoTime();
        PresenceTally tally = new PresenceTally(gallery.policy());
        int[] turn = {UPRIGHT};
        try (VideoFrameSampler sampler = VideoFrameSampler.open(video, policy)) {
            boolean stoppedEarly = false;
            SampledFrame frame;
            while ((frame = sampler.next()) != null) {
                tally.addFrame(frame.timestampMicros(), observe(frame, turn));
                if (tally.frames() >= policy.minFrames() && tally.settled(policy.settleFrames())) {
                    stoppedEarly = true;
                    break;
                }
            }
            VideoAnalysis analysis = tally.result(sampler.decodedFrames(), stoppedEarly, (System.nanoTime() - started) / 1_000_000);
            LOG.debug("video {}: students {} ({}x{} {}, rotation {}, {} frames decoded, {} examined{}, {} faces, {} unknown, {} ms){}",
                    video, analysis.studentNames(), sampler.width(), sampler.height(), sampler.codec(),
                    sampler.rotationDegrees(), analysis.framesDecoded(), analysis.framesExamined(),
                    stoppedEarly ? ", stopped early" : "", analysis.facesDetected(), analysis.unknownFaces(),
                    analysis.elapsedMillis(), analysis.reason().isEmpty() ? "" : ": " + analysis.reason());
            return analysis;
        }
    }

    /**
     * Detects and matches the faces of one frame, as the frame is shown ({@code turn[0]}: upright, or the
     * quarter turn that recognised someone before). A frame where nobody is recognised the current way is
     * also tried a quarter turn either way, for videos stored sideways without rotation metadata; if a
     * turn recognises more faces, it is used and kept for the next frames.
     */
    private List<FaceObservation> observe(SampledFrame frame, int[] turn) {
        // The scope frees any native temporary made while processing the frame, so nothing accumulates across videos.
        PointerScope scope = new PointerScope();
        try {
            List<FaceObservation> best = observe(turned(frame.bgr(), turn[0]));
            for (int i = 0; recognised(best) == 0 && i < TURNS.length; i++) {
                if (TURNS[i] == turn[0]) {
                    continue;
                }
                List<FaceObservation> candidate = observe(turned(frame.bgr(), TURNS[i]));
                if (recognised(candidate) > 0) {
                    LOG.debug("students recognised with the frame turned ({}); keeping that turn", TURNS[i]);
                    turn[0] = TURNS[i];
                    best = candidate;
                }
            }
            return best;
        } finally {
            scope.close();
        }
    }

    private List<FaceObservation> observe(Mat image) {
        List<DetectedFace> faces = engine.detectInFrame(image);
        List<FaceObservation> observations = new ArrayList<>(faces.size());
        for (DetectedFace face : faces) {
            observations.add(new FaceObservation(face, gallery.match(engine.embed(image, face))));
        }
        return observations;
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
