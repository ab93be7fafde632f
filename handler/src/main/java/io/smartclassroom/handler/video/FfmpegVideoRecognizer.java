package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

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

    @Override
    public RecognitionResult recognize(Path video) throws InvalidVideoException {
        return analyze(video).toResult();
    }

    /** Like {@link #recognize(Path)}, with per-student detail (first sighting, frames, best similarity). */
    public VideoAnalysis analyze(Path video) throws InvalidVideoException {
        requireNonNull(video, "video");
        long started = System.nanoTime();
        PresenceTally tally = new PresenceTally(gallery.policy());
        try (VideoFrameSampler sampler = VideoFrameSampler.open(video, policy)) {
            boolean stoppedEarly = false;
            SampledFrame frame;
            while ((frame = sampler.next()) != null) {
                tally.addFrame(frame.timestampMicros(), observe(frame));
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

    private List<FaceObservation> observe(SampledFrame frame) {
        // The scope frees any native temporary made while processing the frame, so nothing accumulates across videos.
        PointerScope scope = new PointerScope();
        try {
            List<DetectedFace> faces = engine.detectInFrame(frame.bgr());
            List<FaceObservation> observations = new ArrayList<>(faces.size());
            for (DetectedFace face : faces) {
                observations.add(new FaceObservation(face, gallery.match(engine.embed(frame.bgr(), face))));
            }
            return observations;
        } finally {
            scope.close();
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
