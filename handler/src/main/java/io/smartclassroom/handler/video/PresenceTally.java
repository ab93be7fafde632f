package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.MatchPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who is in a video from the faces of all its examined frames.
 *
 * <ul>
 *   <li>Every face of every frame counts (several students may share a clip). A face is a student only
 *       when its match is confident ({@link FaceMatch#recognised()}: cosine threshold and margin over the
 *       runner-up); otherwise it is unknown, never the nearest name.
 *   <li>A student is present when confidently matched in at least {@value #CONFIRMING_FRAMES} examined
 *       frames, or in one frame with at least the policy's single-frame similarity (so a clip with one
 *       decodable frame still works, while a single borderline match cannot add a student).
 *   <li>Students are listed in order of first appearance; students first seen in the same frame are
 *       listed left to right.
 *   <li>The answer is settled when the last {@code settleFrames} examined frames all show the same
 *       non-empty set of present students and no unknown face.
 *   <li>Each student keeps the evidence image of their best match ({@link #improves}: only a better match
 *       needs a crop); the unknown faces' crops are those of the frame that showed the most unknown faces, so
 *       there is one per unknown person counted ({@code maxUnknownFacesInFrame}).
 * </ul>
 *
 * Not thread-safe: one per video.
 */
final class PresenceTally {
    static final int CONFIRMING_FRAMES = 2;

    private final MatchPolicy policy;
    private final Map<String, Evidence> evidence = new LinkedHashMap<>();
    private final Deque<FrameSummary> recentFrames = new ArrayDeque<>();
    private int frames;
    private int faces;
    private int unknownFaces;
    private int maxUnknownInFrame;
    private long lastSeenMicros;
    private List<FaceCrop> unknownCrops = List.of();

    private record FrameSummary(Set<String> students, boolean anyUnknown) {}

    private static final class Evidence {
        final String name;
        final int firstFrame;
        final long firstSeenMicros;
        final double firstCenterX;
        int frames;
        int lastFrame = -1;
        long lastSeenMicros;
        double bestSimilarity = -1;
        FaceCrop crop;

        Evidence(String name, int firstFrame, long firstSeenMicros, double firstCenterX) {
            this.name = name;
            this.firstFrame = firstFrame;
            this.firstSeenMicros = firstSeenMicros;
            this.firstCenterX = firstCenterX;
        }
    }

    PresenceTally(MatchPolicy policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    /** Adds one examined frame's faces. */
    void addFrame(long timestampMicros, List<FaceObservation> observations) {
        int frame = frames++;
        lastSeenMicros = Math.max(lastSeenMicros, timestampMicros);
        faces += observations.size();
        int unknownHere = 0;
        Set<String> recognisedHere = new HashSet<>();
        List<FaceCrop> unknownCropsHere = new ArrayList<>();
        List<FaceObservation> leftToRight = new ArrayList<>(observations);
        leftToRight.sort(Comparator.comparingDouble(o -> o.face().centerX()));
        for (FaceObservation observation : leftToRight) {
            FaceMatch match = observation.match();
            if (!match.recognised()) {
                unknownHere++;
                observation.crop().ifPresent(unknownCropsHere::add);
                continue;
            }
            recognisedHere.add(match.nearestStudent());
            Evidence student = evidence.computeIfAbsent(match.nearestStudent(),
                    name -> new Evidence(name, frame, timestampMicros, observation.face().centerX()));
            if (student.lastFrame != frame) {
                student.frames++;
                student.lastFrame = frame;
                student.lastSeenMicros = timestampMicros;
            }
            student.bestSimilarity = Math.max(student.bestSimilarity, match.similarity());
            if (observation.crop().isPresent()) {
                student.crop = FaceCrop.better(student.crop, observation.crop().get());
            }
        }
        if (unknownHere > maxUnknownInFrame && !unknownCropsHere.isEmpty()) {
            unknownCrops = List.copyOf(unknownCropsHere);
        }
        unknownFaces += unknownHere;
        maxUnknownInFrame = Math.max(maxUnknownInFrame, unknownHere);
        recentFrames.addLast(new FrameSummary(recognisedHere, unknownHere > 0));
        while (recentFrames.size() > 64) {
            recentFrames.removeFirst();
        }
    }

    /** Whether the last {@code settleFrames} frames agree on the same confirmed, non-empty set and show no unknown face. */
    boolean settled(int settleFrames) {
        if (settleFrames <= 0 || recentFrames.size() < settleFrames) {
            return false;
        }
        Set<String> first = null;
        int checked = 0;
        for (var it = recentFrames.descendingIterator(); it.hasNext() && checked < settleFrames; checked++) {
            FrameSummary frame = it.next();
            if (frame.anyUnknown() || frame.students().isEmpty() || (first != null && !first.equals(frame.students()))) {
                return false;
            }
            first = frame.students();
        }
        return first.stream().allMatch(name -> isPresent(evidence.get(name)));
    }

    private boolean isPresent(Evidence student) {
        return student != null
                && (student.frames >= CONFIRMING_FRAMES || student.bestSimilarity >= policy.singleFrameSimilarity());
    }

    int frames() {
        return frames;
    }

    /** Whether a match of {@code student} at {@code similarity} would be their best so far (so worth a crop). */
    boolean improves(String student, double similarity) {
        Evidence seen = evidence.get(student);
        return seen == null || seen.crop == null || similarity > seen.crop.similarity();
    }

    /** The most unknown faces one frame showed so far: a frame with more gives the unknown-face crops. */
    int maxUnknownInFrame() {
        return maxUnknownInFrame;
    }

    /** The decision; a student's seen time is their frames times {@code intervalMicros}, the sampling interval. */
    VideoAnalysis result(int framesDecoded, boolean stoppedEarly, long intervalMicros, AnalysisStats stats) {
        return result(framesDecoded, stoppedEarly, intervalMicros, 0, stats);
    }

    /**
     * The decision for a video of {@code declaredDurationMicros} (0 when unknown; the duration is never
     * before the last examined frame).
     */
    VideoAnalysis result(int framesDecoded, boolean stoppedEarly, long intervalMicros, long declaredDurationMicros,
            AnalysisStats stats) {
        List<StudentSighting> present = evidence.values().stream()
                .filter(this::isPresent)
                .sorted(Comparator.<Evidence>comparingInt(e -> e.firstFrame).thenComparingDouble(e -> e.firstCenterX))
                .map(e -> new StudentSighting(e.name, e.firstSeenMicros, e.lastSeenMicros, e.frames * intervalMicros,
                        e.frames, e.bestSimilarity, Optional.ofNullable(e.crop)))
                .toList();
        return new VideoAnalysis(present, frames, framesDecoded, faces, unknownFaces, maxUnknownInFrame, maxUnknownInFrame,
                stoppedEarly, stats.elapsedMillis(), present.isEmpty() ? reasonForNobody() : "", stats,
                Math.max(declaredDurationMicros, lastSeenMicros), intervalMicros, unknownCrops);
    }

    private String reasonForNobody() {
        if (faces == 0) {
            return "no face found in %d examined frame%s".formatted(frames, frames == 1 ? "" : "s");
        }
        List<String> unconfirmed = evidence.values().stream()
                .map(e -> "%s (%d frame, similarity %.3f < %.3f)".formatted(e.name, e.frames, e.bestSimilarity, policy.singleFrameSimilarity()))
                .toList();
        String base = "%d face%s found in %d examined frame%s, none matched an enrolled student confidently"
                .formatted(faces, faces == 1 ? "" : "s", frames, frames == 1 ? "" : "s");
        return unconfirmed.isEmpty() ? base : base + "; unconfirmed single-frame matches: " + String.join(", ", unconfirmed);
    }
}
