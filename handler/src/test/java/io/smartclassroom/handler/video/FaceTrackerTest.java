package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.MatchPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    private static final MatchPolicy POLICY = new MatchPolicy(0.45, 0.05, 0.6);
    private static final long INTERVAL = 5_000_000;
    /** Two enrolled students with orthogonal embeddings; a face's embedding is looked up by its x. */
    private static final float[] ALICE = {1, 0, 0};
    private static final float[] BOB = {0, 1, 0};

    private static FaceMatch match(float[] v) {
        double alice = v[0];
        double bob = v[1];
        boolean aliceBest = alice >= bob;
        double best = Math.max(alice, bob);
        double runnerUp = Math.min(alice, bob);
        return new FaceMatch(best >= POLICY.cosineThreshold() && best - runnerUp >= POLICY.marginThreshold(),
                aliceBest ? "alice" : "bob", best, runnerUp);
    }

    private static DetectedFace face(double x, double y, double size) {
        double eye = size * 0.4;
        return new DetectedFace(x, y, size, size, List.of(
                new DetectedFace.Point(x + size / 2 - eye / 2, y + size * 0.4),
                new DetectedFace.Point(x + size / 2 + eye / 2, y + size * 0.4),
                new DetectedFace.Point(x + size / 2, y + size * 0.55),
                new DetectedFace.Point(x + size / 2 - eye / 2, y + size * 0.75),
                new DetectedFace.Point(x + size / 2 + eye / 2, y + size * 0.75)), 0.9);
    }

    /** Embeds by the face's seat (x below 500: alice, below 1000: bob, else a stranger) and counts the calls. */
    private static final class SeatEmbedder implements FaceTracker.Embedder {
        final List<DetectedFace> embedded = new ArrayList<>();

        @Override
        public float[] embed(DetectedFace face) {
            embedded.add(face);
            if (face.x() < 500) {
                return ALICE.clone();
            }
            return face.x() < 1000 ? BOB.clone() : new float[] {0, 0, 1};
        }
    }

    @Test
    void aStudentsEvidenceIsTheirClosestEmbeddedFaceAcrossTracksAndEachUnknownPersonGetsOneCropWhenAsked() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY, true);
        int[] frame = {0};
        double[] aliceSimilarity = {0.7, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8};
        FaceTracker.Embedder embedder = face -> {
            if (face.x() < 1000) {
                double s = aliceSimilarity[frame[0]];
                return new float[] {(float) s, 0, (float) Math.sqrt(1 - s * s)};
            }
            return new float[] {0, 0, 1};
        };
        FaceTracker.Cropper cropper = face -> new byte[] {(byte) frame[0], (byte) (face.x() < 1000 ? 'a' : 's')};
        for (frame[0] = 0; frame[0] < 10; frame[0]++) {
            List<DetectedFace> faces = new ArrayList<>();
            if (frame[0] < 3) {
                faces.add(face(100, 100, 40)); // alice's first seat, then she leaves
            } else if (frame[0] >= 7) {
                faces.add(face(700, 600, 40)); // ... and comes back elsewhere: a second track
            }
            faces.add(face(1500, 100, 40)); // a stranger all along
            tracker.addFrame(frame[0] * INTERVAL, faces, embedder, cropper);
        }

        List<StudentSighting> students = tracker.students(INTERVAL);
        assertThat(students).extracting(StudentSighting::name).containsExactly("alice");
        FaceCrop evidence = students.get(0).evidence().orElseThrow();
        assertThat(evidence.jpeg()).containsExactly(1, 'a');
        assertThat(evidence.similarity()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(evidence.seenMicros()).isEqualTo(INTERVAL);
        assertThat(tracker.unknownCrops()).singleElement().satisfies(crop -> assertThat(crop.jpeg()).containsExactly(0, 's'));
        assertThat(tracker.unknownPeople()).isEqualTo(1);
    }

    @Test
    void withoutUnknownCropsOnlyStudentsGetEvidence() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        SeatEmbedder embedder = new SeatEmbedder();
        for (int frame = 0; frame < 5; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(100, 100, 40), face(1500, 100, 40)), embedder,
                    face -> new byte[] {7});
        }
        assertThat(tracker.students(INTERVAL)).singleElement().satisfies(s -> assertThat(s.evidence()).isPresent());
        assertThat(tracker.unknownCrops()).isEmpty();
        assertThat(tracker.unknownPeople()).isEqualTo(1);
    }

    @Test
    void aSeatedStudentIsEmbeddedABoundedNumberOfTimes() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        SeatEmbedder embedder = new SeatEmbedder();
        for (int frame = 0; frame < 100; frame++) {
            double jitter = (frame % 3) * 2;
            tracker.addFrame(frame * INTERVAL, List.of(face(100 + jitter, 100, 40), face(600 - jitter, 300, 40)), embedder);
        }
        assertThat(tracker.tracks()).hasSize(2);
        assertThat(tracker.embeddings()).isEqualTo(2 * FaceTracker.CONFIRMING_EMBEDDINGS);
        assertThat(tracker.detections()).isEqualTo(200);
        List<StudentSighting> students = tracker.students(INTERVAL);
        assertThat(students).extracting(StudentSighting::name).containsExactly("alice", "bob");
        assertThat(students.get(0).frames()).isEqualTo(100);
        assertThat(students.get(0).lastSeenMicros()).isEqualTo(99 * INTERVAL);
        assertThat(students.get(0).seenMicros()).isEqualTo(100 * INTERVAL);
    }

    @Test
    void aClearlyBiggerFaceIsEmbeddedAgainButNeverMoreThanTheBound() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        SeatEmbedder embedder = new SeatEmbedder();
        double size = 30;
        for (int frame = 0; frame < 20; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(100, 100, size)), embedder);
            size *= 1.25;
        }
        assertThat(tracker.tracks().size()).isLessThanOrEqualTo(20);
        assertThat(tracker.tracks()).allSatisfy(t -> assertThat(t.embeddings()).isLessThanOrEqualTo(FaceTracker.MAX_EMBEDDINGS));
    }

    @Test
    void anUnknownFaceIsEmbeddedUpToTheBoundAndCountsAsOneUnknownPerson() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        SeatEmbedder embedder = new SeatEmbedder();
        for (int frame = 0; frame < 30; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(1200, 100, 40), face(1500, 100, 40)), embedder);
        }
        assertThat(tracker.students(INTERVAL)).isEmpty();
        assertThat(tracker.unknownPeople()).isEqualTo(2);
        assertThat(tracker.embeddings()).isEqualTo(2 * FaceTracker.MAX_EMBEDDINGS);
    }

    @Test
    void aLateArrivalStartsItsOwnTrackAtItsFirstSample() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        SeatEmbedder embedder = new SeatEmbedder();
        for (int frame = 0; frame < 10; frame++) {
            List<DetectedFace> faces = frame < 4 ? List.of(face(100, 100, 40)) : List.of(face(100, 100, 40), face(600, 300, 40));
            tracker.addFrame(frame * INTERVAL, faces, embedder);
        }
        Map<String, StudentSighting> byName = new java.util.HashMap<>();
        tracker.students(INTERVAL).forEach(s -> byName.put(s.name(), s));
        assertThat(byName.get("bob").firstSeenMicros()).isEqualTo(4 * INTERVAL);
        assertThat(byName.get("alice").firstSeenMicros()).isZero();
    }

    @Test
    void aTrackSeenOnceNeedsTheSingleFrameSimilarity() {
        FaceTracker tracker = new FaceTracker(v -> new FaceMatch(true, "alice", 0.5, 0.1), POLICY);
        tracker.addFrame(0, List.of(face(100, 100, 40)), face -> ALICE.clone());
        assertThat(tracker.students(INTERVAL)).isEmpty();
        FaceTracker strong = new FaceTracker(v -> new FaceMatch(true, "alice", 0.7, 0.1), POLICY);
        strong.addFrame(0, List.of(face(100, 100, 40)), face -> ALICE.clone());
        assertThat(strong.students(INTERVAL)).extracting(StudentSighting::name).containsExactly("alice");
    }

    @Test
    void theIdentityComesFromTheMeanOfTheEmbeddings() {
        // One embedding leans to alice, the next to bob: the mean is equally far from both, so nobody is named.
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        float[][] vectors = {{0.9f, 0.436f, 0}, {0.436f, 0.9f, 0}};
        int[] call = {0};
        for (int frame = 0; frame < 2; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(100, 100, 40)), face -> vectors[call[0]++].clone());
        }
        assertThat(tracker.tracks()).hasSize(1);
        assertThat(tracker.students(INTERVAL)).isEmpty();
    }

    @Test
    void overlapDecidesContinuity() {
        assertThat(FaceTracker.affinity(face(100, 100, 40), face(104, 102, 40))).isGreaterThan(FaceTracker.MIN_IOU);
        assertThat(FaceTracker.affinity(face(100, 100, 40), face(300, 100, 40))).isZero();
        assertThat(FaceTracker.affinity(face(100, 100, 40), face(100, 100, 100))).isZero();
    }

    /** Hands out the given embeddings in turn, whatever the face. */
    private static FaceTracker.Embedder inTurn(float[]... embeddings) {
        java.util.Iterator<float[]> next = List.of(embeddings).iterator();
        return face -> next.next().clone();
    }

    @Test
    void twoClearSamplesThatAgreeNameTheTrackEvenWhenTheMeanFallsUnderTheThreshold() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        float[] clearAlice = {0.6f, 0, 0.8f};
        float[] turned = {0, 0, 1};
        FaceTracker.Embedder embedder = inTurn(clearAlice, turned, clearAlice, turned);
        for (int frame = 0; frame < 4; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(100, 100, 40)), embedder);
        }
        assertThat(tracker.tracks().get(0).match().recognised()).as("the mean alone").isFalse();
        assertThat(tracker.students(INTERVAL)).extracting(StudentSighting::name).containsExactly("alice");
        assertThat(tracker.unknownPeople()).isZero();
    }

    @Test
    void samplesThatNameTwoDifferentStudentsNameNobody() {
        FaceTracker tracker = new FaceTracker(FaceTrackerTest::match, POLICY);
        float[] alice = {0.6f, 0, 0.8f};
        float[] bob = {0, 0.6f, 0.8f};
        FaceTracker.Embedder embedder = inTurn(alice, bob, alice, bob);
        for (int frame = 0; frame < 4; frame++) {
            tracker.addFrame(frame * INTERVAL, List.of(face(100, 100, 40)), embedder);
        }
        assertThat(tracker.students(INTERVAL)).isEmpty();
        assertThat(tracker.unknownPeople()).isEqualTo(1);
    }
}
