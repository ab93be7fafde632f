package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.VideoSegment;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Converts between the function's {@link VideoAnalysis} and the {@link PartialAnalysis} a segment answers with:
 * each student's evidence crop travels as base64 JPEG (about 10 KB; the monitor keeps only each student's best
 * before the merge); crops of unknown faces stay in the segment (a fanned-out video's record has none).
 */
public final class PartialAnalyses {
    private PartialAnalyses() {}

    public static PartialAnalysis of(VideoSegment segment, VideoAnalysis analysis) {
        requireNonNull(segment, "segment");
        requireNonNull(analysis, "analysis");
        List<PartialAnalysis.Sighting> sightings = analysis.students().stream()
                .map(s -> new PartialAnalysis.Sighting(s.name(), s.firstSeenMicros(), s.lastSeenMicros(), s.seenMicros(),
                        s.frames(), s.bestSimilarity(),
                        s.evidence().map(crop -> Base64.getEncoder().encodeToString(crop.jpeg())).orElse(null),
                        s.evidence().map(FaceCrop::seenMicros).orElse(s.firstSeenMicros())))
                .toList();
        AnalysisStats st = analysis.stats();
        return new PartialAnalysis(segment, sightings, analysis.framesExamined(), analysis.framesDecoded(),
                analysis.facesDetected(), analysis.unknownFaces(), analysis.maxUnknownFacesInFrame(),
                analysis.unknownPeople(), analysis.stoppedEarly(), analysis.elapsedMillis(), analysis.reason(),
                new PartialAnalysis.Stats(st.framesDecoded(), st.seeks(), st.framesExamined(), st.detections(),
                        st.embeddings(), st.tracks(), st.decodeMillis(), st.detectMillis(), st.embedMillis(),
                        st.elapsedMillis()), analysis.durationMicros(), analysis.samplingIntervalMicros());
    }

    public static VideoAnalysis toAnalysis(PartialAnalysis partial) {
        requireNonNull(partial, "partial");
        List<StudentSighting> students = partial.sightings().stream()
                .map(s -> new StudentSighting(s.name(), s.firstSeenMicros(), s.lastSeenMicros(), s.seenMicros(),
                        s.frames(), s.bestSimilarity(), Optional.ofNullable(s.evidenceJpeg()).map(jpeg ->
                                new FaceCrop(Base64.getDecoder().decode(jpeg), s.bestSimilarity(), s.evidenceSeenMicros()))))
                .toList();
        PartialAnalysis.Stats st = partial.stats();
        return new VideoAnalysis(students, partial.framesExamined(), partial.framesDecoded(), partial.facesDetected(),
                partial.unknownFaces(), partial.maxUnknownFacesInFrame(), partial.unknownPeople(),
                partial.stoppedEarly(), partial.elapsedMillis(), partial.reason(),
                new AnalysisStats(st.framesDecoded(), st.seeks(), st.framesExamined(), st.detections(),
                        st.embeddings(), st.tracks(), st.decodeMillis(), st.detectMillis(), st.embedMillis(),
                        st.elapsedMillis()), partial.durationMicros(), partial.samplingIntervalMicros(), List.of());
    }

    /**
     * The video's analysis from its segments' partials: {@link VideoAnalysis#merge} after checking that they are
     * the segments of one plan, each once.
     *
     * @throws IllegalArgumentException when a segment is missing, repeated or of another plan; the message names it
     */
    public static VideoAnalysis merge(List<PartialAnalysis> partials) {
        requireNonNull(partials, "partials");
        if (partials.isEmpty()) {
            throw new IllegalArgumentException("no partials to merge");
        }
        int count = partials.get(0).segment().count();
        boolean[] seen = new boolean[count];
        for (PartialAnalysis partial : partials) {
            VideoSegment segment = partial.segment();
            if (segment.count() != count) {
                throw new IllegalArgumentException("partial of " + segment.describe() + " is of a plan of " + segment.count()
                        + " segments, the first of " + count);
            }
            if (seen[segment.index()]) {
                throw new IllegalArgumentException("two partials of " + segment.describe());
            }
            seen[segment.index()] = true;
        }
        for (int i = 0; i < count; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException("the partial of segment " + (i + 1) + "/" + count + " is missing");
            }
        }
        return VideoAnalysis.merge(partials.stream().map(PartialAnalyses::toAnalysis).toList());
    }
}
