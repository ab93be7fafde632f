package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.recognition.RecognitionResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything decided about one video (or one {@link TimeRange} of it): the recognised students in order
 * of first appearance, what was examined, and why nobody was recognised when that is the case
 * ({@code reason}, empty otherwise). {@code facesDetected} and {@code unknownFaces} count face
 * detections over all examined frames (one person seen in 4 frames counts 4);
 * {@code maxUnknownFacesInFrame} is a lower bound on the number of distinct unknown people;
 * {@code unknownPeople} is the number of unknown face tracks when frames were tracked (else
 * {@code maxUnknownFacesInFrame}); {@code elapsedMillis} is the wall time the analysis took;
 * {@code stats} the work per stage; {@code durationMicros} the video's duration (the declared one, or the
 * last examined frame's time when that is later or none is declared); {@code samplingIntervalMicros} the time
 * between examined frames; {@code unknownEvidence} the evidence images of unknown people (one per unknown
 * person, only when those crops are asked for; else empty).
 */
public record VideoAnalysis(
        List<StudentSighting> students,
        int framesExamined,
        int framesDecoded,
        int facesDetected,
        int unknownFaces,
        int maxUnknownFacesInFrame,
        int unknownPeople,
        boolean stoppedEarly,
        long elapsedMillis,
        String reason,
        AnalysisStats stats,
        long durationMicros,
        long samplingIntervalMicros,
        List<FaceCrop> unknownEvidence) {
    public VideoAnalysis {
        students = List.copyOf(requireNonNull(students, "students"));
        requireNonNull(reason, "reason");
        requireNonNull(stats, "stats");
        unknownEvidence = List.copyOf(requireNonNull(unknownEvidence, "unknownEvidence"));
        if (durationMicros < 0) {
            throw new IllegalArgumentException("durationMicros must not be negative: " + durationMicros);
        }
        if (samplingIntervalMicros < 0) {
            throw new IllegalArgumentException("samplingIntervalMicros must not be negative: " + samplingIntervalMicros);
        }
    }

    /** Without the duration, the sampling interval (both 0: unknown) and unknown-face crops. */
    public VideoAnalysis(List<StudentSighting> students, int framesExamined, int framesDecoded, int facesDetected,
            int unknownFaces, int maxUnknownFacesInFrame, int unknownPeople, boolean stoppedEarly, long elapsedMillis,
            String reason, AnalysisStats stats) {
        this(students, framesExamined, framesDecoded, facesDetected, unknownFaces, maxUnknownFacesInFrame, unknownPeople,
                stoppedEarly, elapsedMillis, reason, stats, 0, 0, List.of());
    }

    /**
     * The analysis of a video from the analyses of its segments: a student's sightings are combined
     * (earliest first sighting, latest last sighting, seen time and frames added, best similarity), the
     * work is added up, and {@code unknownPeople} is added (an upper bound: an unknown person seen in two
     * segments counts twice). Students are listed by first sighting; each keeps its best evidence image. The
     * duration is the longest declared, the sampling interval the longest, the unknown-face crops all of them.
     */
    public static VideoAnalysis merge(List<VideoAnalysis> segments) {
        requireNonNull(segments, "segments");
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Map<String, StudentSighting> students = new LinkedHashMap<>();
        int examined = 0;
        int decoded = 0;
        int faces = 0;
        int unknown = 0;
        int maxUnknown = 0;
        int unknownPeople = 0;
        boolean stoppedEarly = false;
        long elapsed = 0;
        AnalysisStats stats = AnalysisStats.NONE;
        List<String> reasons = new ArrayList<>();
        long duration = 0;
        long interval = 0;
        List<FaceCrop> unknownCrops = new ArrayList<>();
        for (VideoAnalysis segment : segments) {
            for (StudentSighting sighting : segment.students) {
                students.merge(sighting.name(), sighting, StudentSighting::merge);
            }
            examined += segment.framesExamined;
            decoded += segment.framesDecoded;
            faces += segment.facesDetected;
            unknown += segment.unknownFaces;
            maxUnknown = Math.max(maxUnknown, segment.maxUnknownFacesInFrame);
            unknownPeople += segment.unknownPeople;
            stoppedEarly |= segment.stoppedEarly;
            elapsed += segment.elapsedMillis;
            stats = stats.plus(segment.stats);
            duration = Math.max(duration, segment.durationMicros);
            interval = Math.max(interval, segment.samplingIntervalMicros);
            unknownCrops.addAll(segment.unknownEvidence);
            if (!segment.reason.isEmpty()) {
                reasons.add(segment.reason);
            }
        }
        List<StudentSighting> ordered = students.values().stream()
                .sorted(Comparator.comparingLong(StudentSighting::firstSeenMicros))
                .toList();
        return new VideoAnalysis(ordered, examined, decoded, faces, unknown, maxUnknown, unknownPeople, stoppedEarly,
                elapsed, ordered.isEmpty() ? String.join("; ", reasons) : "", stats, duration, interval, unknownCrops);
    }

    public double durationSeconds() {
        return durationMicros / 1e6;
    }

    public double samplingIntervalSeconds() {
        return samplingIntervalMicros / 1e6;
    }

    public List<String> studentNames() {
        return students.stream().map(StudentSighting::name).toList();
    }

    public RecognitionResult toResult() {
        return new RecognitionResult(studentNames(), framesExamined, facesDetected, unknownFaces, reason);
    }
}
