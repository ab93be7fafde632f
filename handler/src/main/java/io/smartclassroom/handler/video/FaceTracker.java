package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.MatchPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows faces across sampled frames by position, so that a seated student is embedded a bounded
 * number of times instead of once per frame, and decides each track's identity from its embeddings
 * together.
 *
 * <ul>
 *   <li>A face continues a track seen in one of the last {@value #MAX_GAP_FRAMES} examined frames when
 *       their boxes overlap (IoU at least {@value #MIN_IOU}) or its centre is within half a face width of
 *       the track's and its size within a factor 1.5; the best-overlapping pair is taken first.
 *   <li>A face is embedded when it starts a track, while the track has fewer than
 *       {@value #CONFIRMING_EMBEDDINGS} embeddings or its identity is uncertain (not recognised), and
 *       when it is clearly bigger than any embedded so far (eye distance ×{@value #BIGGER_FACE}); never
 *       more than {@value #MAX_EMBEDDINGS} times per track.
 *   <li>A track's identity is the match of the mean of its (L2-normalised) embeddings against the
 *       gallery, with the gallery's thresholds. A track is a present student when that match is confident
 *       and rests on {@value #CONFIRMING_EMBEDDINGS} embeddings, or on one embedding at the policy's
 *       single-frame similarity — or, as for short clips, when at least two of its embeddings were each
 *       recognised as the same student and none as anyone else (a mean over a turned or blurred sample can
 *       fall under the threshold while two clear samples agree). Every other track of at least two
 *       sightings is an unknown person.
 *   <li>Evidence: each embedded face may be cropped ({@link Cropper}); a track keeps, per student its
 *       embeddings were nearest to, the crop of the closest one (at most {@value #MAX_EMBEDDINGS} crops), and the
 *       crop of its largest face when unknown people are cropped. When a track ends (not seen for
 *       {@value #MAX_GAP_FRAMES} frames) its identity is final: its best crop of that student is folded into
 *       the student's best, or its largest crop kept as an unknown person's, and the track's crops are dropped.
 *       So what is held is one crop per student and per unknown person, plus those of the open tracks.
 * </ul>
 *
 * Not thread-safe: one per video.
 */
final class FaceTracker {
    static final int MAX_GAP_FRAMES = 2;
    static final double MIN_IOU = 0.3;
    static final int CONFIRMING_EMBEDDINGS = 2;
    static final int MAX_EMBEDDINGS = 4;
    static final double BIGGER_FACE = 1.3;

    private static final Logger LOG = LoggerFactory.getLogger(FaceTracker.class);
    private final Function<float[], FaceMatch> matcher;
    private final MatchPolicy policy;
    private final List<Track> tracks = new ArrayList<>();
    private int frame = -1;
    private int embeddings;
    private int detections;
    private final boolean cropUnknown;
    private final Map<String, FaceCrop> studentCrops = new LinkedHashMap<>();
    private final List<FaceCrop> unknownCrops = new ArrayList<>();

    /** Embeds a face of the current frame (L2-normalised). */
    interface Embedder {
        float[] embed(DetectedFace face);
    }

    /** Cuts the evidence image (JPEG) of a face of the current frame; null when it cannot. */
    interface Cropper {
        byte[] crop(DetectedFace face);
    }

    /** A followed face: where and when it was seen, and what its embeddings say. */
    static final class Track {
        private final int id;
        private final long firstSeenMicros;
        private final double firstCenterX;
        private DetectedFace last;
        private int lastFrame;
        private long lastSeenMicros;
        private int frames;
        private final double[] embeddingSum;
        private int embeddingCount;
        private double largestEmbeddedEyes;
        private FaceMatch match;
        /** The students its embeddings were each recognised as, and how often. */
        private final Map<String, Integer> recognitions = new LinkedHashMap<>();
        private FaceMatch bestRecognition;
        /** Per student an embedding was nearest to, the crop of the closest such embedding. */
        private final Map<String, FaceCrop> crops = new LinkedHashMap<>();
        private FaceCrop largestCrop;
        private double largestCropEyes;
        private boolean settled;

        private Track(int id, int frame, long micros, DetectedFace face, int dimension) {
            this.id = id;
            this.firstSeenMicros = micros;
            this.firstCenterX = face.centerX();
            this.embeddingSum = new double[dimension];
            see(frame, micros, face);
        }

        private void see(int frame, long micros, DetectedFace face) {
            last = face;
            lastFrame = frame;
            lastSeenMicros = micros;
            frames++;
        }

        int id() {
            return id;
        }

        int frames() {
            return frames;
        }

        int embeddings() {
            return embeddingCount;
        }

        long firstSeenMicros() {
            return firstSeenMicros;
        }

        long lastSeenMicros() {
            return lastSeenMicros;
        }

        FaceMatch match() {
            return match;
        }
    }

    FaceTracker(Function<float[], FaceMatch> matcher, MatchPolicy policy) {
        this(matcher, policy, false);
    }

    /** {@code cropUnknown}: keep one crop per unknown person ({@link #unknownCrops()}). */
    FaceTracker(Function<float[], FaceMatch> matcher, MatchPolicy policy, boolean cropUnknown) {
        this.matcher = requireNonNull(matcher, "matcher");
        this.policy = requireNonNull(policy, "policy");
        this.cropUnknown = cropUnknown;
    }

    /** Adds one examined frame's faces; {@code embedder} embeds those that need it. No evidence crops. */
    void addFrame(long micros, List<DetectedFace> faces, Embedder embedder) {
        addFrame(micros, faces, embedder, null);
    }

    /** Adds one examined frame's faces; {@code embedder} embeds those that need it, {@code cropper} crops them (null: no crops). */
    void addFrame(long micros, List<DetectedFace> faces, Embedder embedder, Cropper cropper) {
        requireNonNull(faces, "faces");
        requireNonNull(embedder, "embedder");
        frame++;
        detections += faces.size();
        for (Track track : tracks) {
            if (!track.settled && frame - track.lastFrame > MAX_GAP_FRAMES) {
                settle(track);
            }
        }
        List<Track> open = tracks.stream().filter(t -> frame - t.lastFrame <= MAX_GAP_FRAMES).toList();
        record Pair(int face, Track track, double affinity) {}
        List<Pair> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (Track track : open) {
                double affinity = affinity(track.last, faces.get(f));
                if (affinity > 0) {
                    pairs.add(new Pair(f, track, affinity));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::affinity).reversed());
        Track[] assigned = new Track[faces.size()];
        List<Track> taken = new ArrayList<>();
        for (Pair pair : pairs) {
            if (assigned[pair.face] == null && !taken.contains(pair.track)) {
                assigned[pair.face] = pair.track;
                taken.add(pair.track);
            }
        }
        for (int f = 0; f < faces.size(); f++) {
            DetectedFace face = faces.get(f);
            Track track = assigned[f];
            if (track == null) {
                float[] embedding = embedder.embed(face);
                track = new Track(tracks.size(), frame, micros, face, embedding.length);
                tracks.add(track);
                addEmbedding(track, face, embedding, micros, cropper);
            } else {
                track.see(frame, micros, face);
                if (needsEmbedding(track, face)) {
                    addEmbedding(track, face, embedder.embed(face), micros, cropper);
                }
            }
        }
    }

    private static boolean needsEmbedding(Track track, DetectedFace face) {
        if (track.embeddingCount >= MAX_EMBEDDINGS) {
            return false;
        }
        return track.embeddingCount < CONFIRMING_EMBEDDINGS
                || !track.match.recognised()
                || face.eyeDistance() >= BIGGER_FACE * track.largestEmbeddedEyes;
    }

    private void addEmbedding(Track track, DetectedFace face, float[] embedding, long micros, Cropper cropper) {
        if (embedding.length != track.embeddingSum.length) {
            throw new IllegalArgumentException("embedding of %d dimensions for a track of %d"
                    .formatted(embedding.length, track.embeddingSum.length));
        }
        embeddings++;
        track.embeddingCount++;
        track.largestEmbeddedEyes = Math.max(track.largestEmbeddedEyes, face.eyeDistance());
        double norm = 0;
        for (float v : embedding) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < embedding.length; i++) {
            track.embeddingSum[i] += norm > 0 ? embedding[i] / norm : 0;
        }
        FaceMatch single = matcher.apply(unit(embedding, norm));
        if (single.recognised()) {
            track.recognitions.merge(single.nearestStudent(), 1, Integer::sum);
            if (track.bestRecognition == null || single.similarity() > track.bestRecognition.similarity()) {
                track.bestRecognition = single;
            }
        }
        track.match = matcher.apply(mean(track.embeddingSum));
        if (cropper != null) {
            keepCrop(track, face, single, micros, cropper);
        }
    }

    /** Crops the face when it is the track's closest to its nearest student so far, or (unknown crops on) its largest. */
    private void keepCrop(Track track, DetectedFace face, FaceMatch single, long micros, Cropper cropper) {
        FaceCrop held = track.crops.get(single.nearestStudent());
        boolean closest = held == null || single.similarity() > held.similarity();
        boolean largest = cropUnknown && face.eyeDistance() > track.largestCropEyes;
        if (!closest && !largest) {
            return;
        }
        byte[] jpeg = cropper.crop(face);
        if (jpeg == null) {
            return;
        }
        FaceCrop crop = new FaceCrop(jpeg, single.similarity(), micros);
        if (closest) {
            track.crops.put(single.nearestStudent(), crop);
        }
        if (largest) {
            track.largestCrop = crop;
            track.largestCropEyes = face.eyeDistance();
        }
    }

    /** The track ended: its identity is final; keep what its crops are evidence of and drop the rest. */
    private void settle(Track track) {
        track.settled = true;
        Optional<FaceMatch> identity = identity(track);
        if (identity.isPresent()) {
            FaceCrop crop = track.crops.get(identity.get().nearestStudent());
            if (crop != null) {
                studentCrops.merge(identity.get().nearestStudent(), crop, FaceCrop::better);
            }
        } else if (cropUnknown && track.frames >= 2 && track.largestCrop != null) {
            unknownCrops.add(track.largestCrop);
        }
        track.crops.clear();
        track.largestCrop = null;
    }

    private void settleAll() {
        for (Track track : tracks) {
            if (!track.settled) {
                settle(track);
            }
        }
    }

    /** One crop per unknown person (tracks that are no student, seen at least twice), when asked for; else empty. */
    List<FaceCrop> unknownCrops() {
        settleAll();
        return List.copyOf(unknownCrops);
    }

    private static float[] unit(float[] embedding, double norm) {
        float[] unit = new float[embedding.length];
        for (int i = 0; i < embedding.length; i++) {
            unit[i] = norm > 0 ? (float) (embedding[i] / norm) : 0f;
        }
        return unit;
    }

    /** The track's identity: its mean's match when that is confident, else the one student two embeddings agree on. */
    private Optional<FaceMatch> identity(Track track) {
        if (track.match != null && track.match.recognised()
                && (track.embeddingCount >= CONFIRMING_EMBEDDINGS || track.match.similarity() >= policy.singleFrameSimilarity())) {
            return Optional.of(track.match);
        }
        if (track.recognitions.size() == 1 && track.recognitions.values().iterator().next() >= CONFIRMING_EMBEDDINGS) {
            return Optional.of(track.bestRecognition);
        }
        return Optional.empty();
    }

    private static float[] mean(double[] sum) {
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = norm > 0 ? (float) (sum[i] / norm) : 0f;
        }
        return mean;
    }

    /** How well {@code face} continues a track last seen as {@code last}: 0 when it does not; IoU-like otherwise. */
    static double affinity(DetectedFace last, DetectedFace face) {
        double iou = iou(last, face);
        if (iou >= MIN_IOU) {
            return iou;
        }
        double size = Math.max(last.width(), face.width());
        double ratio = face.width() / last.width();
        double distance = Math.hypot(last.centerX() - face.centerX(),
                (last.y() + last.height() / 2) - (face.y() + face.height() / 2));
        if (distance <= 0.5 * size && ratio >= 1 / 1.5 && ratio <= 1.5) {
            return MIN_IOU * (1 - distance / size) * 0.99;
        }
        return 0;
    }

    static double iou(DetectedFace a, DetectedFace b) {
        double left = Math.max(a.x(), b.x());
        double top = Math.max(a.y(), b.y());
        double right = Math.min(a.x() + a.width(), b.x() + b.width());
        double bottom = Math.min(a.y() + a.height(), b.y() + b.height());
        double intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
        double union = a.area() + b.area() - intersection;
        return union > 0 ? intersection / union : 0;
    }

    private boolean isPresentStudent(Track track) {
        return identity(track).isPresent();
    }

    List<Track> tracks() {
        return List.copyOf(tracks);
    }

    int embeddings() {
        return embeddings;
    }

    int detections() {
        return detections;
    }

    int framesExamined() {
        return frame + 1;
    }

    /** Tracks that are no present student and were seen at least twice: distinct unknown people. */
    int unknownPeople() {
        return (int) tracks.stream().filter(t -> !isPresentStudent(t) && t.frames >= 2).count();
    }

    /**
     * The present students, by first sighting (then left to right): a student's tracks combined, seen
     * time being their frames times {@code intervalMicros}.
     */
    List<StudentSighting> students(long intervalMicros) {
        if (LOG.isDebugEnabled()) {
            tracks.forEach(t -> LOG.debug("track {}: {} frames from {} s at x={}, {} embeddings, mean {}, each {}", t.id,
                    t.frames, t.firstSeenMicros / 1e6, Math.round(t.firstCenterX), t.embeddingCount, t.match,
                    t.recognitions));
        }
        settleAll();
        Map<String, StudentSighting> students = new LinkedHashMap<>();
        tracks.stream()
                .filter(this::isPresentStudent)
                .sorted(Comparator.comparingLong(Track::firstSeenMicros).thenComparingDouble(t -> t.firstCenterX))
                .forEach(t -> {
                    FaceMatch identity = identity(t).orElseThrow();
                    students.merge(identity.nearestStudent(),
                            new StudentSighting(identity.nearestStudent(), t.firstSeenMicros, t.lastSeenMicros,
                                    t.frames * intervalMicros, t.frames, identity.similarity()),
                            StudentSighting::merge);
                });
        return students.values().stream()
                .map(s -> new StudentSighting(s.name(), s.firstSeenMicros(), s.lastSeenMicros(), s.seenMicros(), s.frames(),
                        s.bestSimilarity(), Optional.ofNullable(studentCrops.get(s.name()))))
                .toList();
    }
}
