package io.smartclassroom.common.fanout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one segment invocation found, small enough to pass back through the monitor (sightings and counts, never
 * frames): the function's {@code VideoAnalysis} of the segment's time range. The merge invocation combines the
 * partials of all segments into the video's one result. Times are microseconds from the video's start.
 * {@code unknownPeople} counts the unknown face tracks of the segment: tracks do not span segments, so the sum
 * over segments is an upper bound on the unknown people of the video.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartialAnalysis(
        @JsonProperty("segment") VideoSegment segment,
        @JsonProperty("sightings") List<Sighting> sightings,
        @JsonProperty("frames_examined") int framesExamined,
        @JsonProperty("frames_decoded") int framesDecoded,
        @JsonProperty("faces_detected") int facesDetected,
        @JsonProperty("unknown_faces") int unknownFaces,
        @JsonProperty("max_unknown_faces_in_frame") int maxUnknownFacesInFrame,
        @JsonProperty("unknown_people") int unknownPeople,
        @JsonProperty("stopped_early") boolean stoppedEarly,
        @JsonProperty("elapsed_ms") long elapsedMillis,
        @JsonProperty("reason") String reason,
        @JsonProperty("stats") Stats stats,
        @JsonProperty("duration_us") long durationMicros,
        @JsonProperty("sampling_interval_us") long samplingIntervalMicros) {
    /** Without the video's duration and sampling interval (0: unknown). */
    public PartialAnalysis(VideoSegment segment, List<Sighting> sightings, int framesExamined, int framesDecoded,
            int facesDetected, int unknownFaces, int maxUnknownFacesInFrame, int unknownPeople, boolean stoppedEarly,
            long elapsedMillis, String reason, Stats stats) {
        this(segment, sightings, framesExamined, framesDecoded, facesDetected, unknownFaces, maxUnknownFacesInFrame,
                unknownPeople, stoppedEarly, elapsedMillis, reason, stats, 0, 0);
    }

    public PartialAnalysis {
        requireNonNull(segment, "segment");
        sightings = List.copyOf(requireNonNull(sightings, "sightings"));
        requireNonNull(reason, "reason");
        requireNonNull(stats, "stats");
    }

    /**
     * A student seen in the segment. {@code evidenceJpeg} is the best face crop (a small JPEG, base64), when the
     * function keeps one; absent otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sighting(
            @JsonProperty("name") String name,
            @JsonProperty("first_seen_us") long firstSeenMicros,
            @JsonProperty("last_seen_us") long lastSeenMicros,
            @JsonProperty("seen_us") long seenMicros,
            @JsonProperty("frames") int frames,
            @JsonProperty("best_similarity") double bestSimilarity,
            @JsonProperty("evidence_jpeg") String evidenceJpeg,
            @JsonProperty("evidence_seen_us") long evidenceSeenMicros) {
        public Sighting {
            requireNonNull(name, "name");
        }

        /** With the evidence crop seen at the first sighting. */
        public Sighting(String name, long firstSeenMicros, long lastSeenMicros, long seenMicros, int frames,
                double bestSimilarity, String evidenceJpeg) {
            this(name, firstSeenMicros, lastSeenMicros, seenMicros, frames, bestSimilarity, evidenceJpeg, firstSeenMicros);
        }

        public Sighting withoutEvidence() {
            return evidenceJpeg == null ? this
                    : new Sighting(name, firstSeenMicros, lastSeenMicros, seenMicros, frames, bestSimilarity, null,
                            evidenceSeenMicros);
        }
    }

    /** The work per stage (the function's {@code AnalysisStats}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stats(
            @JsonProperty("frames_decoded") int framesDecoded,
            @JsonProperty("seeks") int seeks,
            @JsonProperty("frames_examined") int framesExamined,
            @JsonProperty("detections") int detections,
            @JsonProperty("embeddings") int embeddings,
            @JsonProperty("tracks") int tracks,
            @JsonProperty("decode_ms") long decodeMillis,
            @JsonProperty("detect_ms") long detectMillis,
            @JsonProperty("embed_ms") long embedMillis,
            @JsonProperty("total_ms") long elapsedMillis) {}

    public PartialAnalysis withSightings(List<Sighting> replaced) {
        return new PartialAnalysis(segment, replaced, framesExamined, framesDecoded, facesDetected, unknownFaces,
                maxUnknownFacesInFrame, unknownPeople, stoppedEarly, elapsedMillis, reason, stats, durationMicros,
                samplingIntervalMicros);
    }

    /**
     * The partials with each student's evidence crop kept only where that student's best similarity is (the
     * first such partial on a tie) and dropped from the others, so that the merge payload carries at most one
     * crop per student however many segments there are. The merge keeps the crop of the best match anyway.
     */
    public static List<PartialAnalysis> keepBestEvidence(List<PartialAnalysis> partials) {
        requireNonNull(partials, "partials");
        Map<String, int[]> best = new HashMap<>(); // name -> {partial, sighting}
        for (int p = 0; p < partials.size(); p++) {
            List<Sighting> sightings = partials.get(p).sightings();
            for (int s = 0; s < sightings.size(); s++) {
                Sighting sighting = sightings.get(s);
                if (sighting.evidenceJpeg() == null) {
                    continue;
                }
                int[] at = best.get(sighting.name());
                if (at == null || sighting.bestSimilarity() > partials.get(at[0]).sightings().get(at[1]).bestSimilarity()) {
                    best.put(sighting.name(), new int[] {p, s});
                }
            }
        }
        List<PartialAnalysis> kept = new ArrayList<>(partials.size());
        for (int p = 0; p < partials.size(); p++) {
            PartialAnalysis partial = partials.get(p);
            List<Sighting> sightings = new ArrayList<>(partial.sightings().size());
            boolean changed = false;
            for (int s = 0; s < partial.sightings().size(); s++) {
                Sighting sighting = partial.sightings().get(s);
                int[] at = best.get(sighting.name());
                boolean keep = sighting.evidenceJpeg() == null || (at != null && at[0] == p && at[1] == s);
                sightings.add(keep ? sighting : sighting.withoutEvidence());
                changed |= !keep;
            }
            kept.add(changed ? partial.withSightings(sightings) : partial);
        }
        return kept;
    }
}
