package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.MatchPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTallyTest {
    private static final MatchPolicy POLICY = new MatchPolicy(0.45, 0.10, 0.60);

    private static FaceObservation face(double x, String student, double similarity) {
        DetectedFace face = new DetectedFace(x, 10, 50, 60, List.of(
                new DetectedFace.Point(x + 15, 30), new DetectedFace.Point(x + 35, 30), new DetectedFace.Point(x + 25, 40),
                new DetectedFace.Point(x + 17, 55), new DetectedFace.Point(x + 33, 55)), 0.9);
        boolean recognised = similarity >= POLICY.cosineThreshold();
        return new FaceObservation(face, new FaceMatch(recognised, student, similarity, 0.1));
    }

    @Test
    void aStudentNeedsTwoFramesOrOneStrongMatch() {
        PresenceTally tally = new PresenceTally(POLICY);
        tally.addFrame(0, List.of(face(0, "weak_once", 0.55)));
        tally.addFrame(500_000, List.of(face(0, "strong_once", 0.65)));
        tally.addFrame(1_000_000, List.of(face(0, "twice", 0.46)));
        tally.addFrame(1_500_000, List.of(face(0, "twice", 0.47)));
        VideoAnalysis result = tally.result(40, false, 500_000, AnalysisStats.NONE);
        assertThat(result.studentNames()).containsExactly("strong_once", "twice");
        assertThat(result.students().get(1)).isEqualTo(new StudentSighting("twice", 1_000_000, 1_500_000, 1_000_000, 2, 0.47));
        assertThat(result.reason()).isEmpty();
        assertThat(result.framesExamined()).isEqualTo(4);
        assertThat(result.framesDecoded()).isEqualTo(40);
    }

    private static FaceCrop crop(int id, double similarity, long micros) {
        return new FaceCrop(new byte[] {(byte) id}, similarity, micros);
    }

    @Test
    void eachStudentKeepsTheCropOfTheirBestMatchAndUnknownCropsComeFromTheFrameWithTheMostUnknownFaces() {
        PresenceTally tally = new PresenceTally(POLICY);
        assertThat(tally.improves("bean", 0.1)).as("nothing held yet").isTrue();
        tally.addFrame(0, List.of(face(0, "bean", 0.5).withCrop(crop(1, 0.5, 0)),
                face(100, "stranger", 0.2).withCrop(crop(11, 0.2, 0))));
        tally.addFrame(500_000, List.of(face(0, "bean", 0.7).withCrop(crop(2, 0.7, 500_000)),
                face(100, "stranger", 0.2).withCrop(crop(12, 0.2, 500_000)),
                face(200, "other", 0.3).withCrop(crop(13, 0.3, 500_000))));
        assertThat(tally.improves("bean", 0.65)).isFalse();
        assertThat(tally.improves("bean", 0.75)).isTrue();
        assertThat(tally.maxUnknownInFrame()).isEqualTo(2);
        tally.addFrame(1_000_000, List.of(face(0, "bean", 0.6).withCrop(crop(3, 0.6, 1_000_000)),
                face(100, "stranger", 0.2).withCrop(crop(14, 0.2, 1_000_000))));

        VideoAnalysis result = tally.result(3, false, 500_000, 2_000_000, AnalysisStats.NONE);
        assertThat(result.students()).singleElement().satisfies(bean -> {
            assertThat(bean.evidence()).contains(crop(2, 0.7, 500_000));
            assertThat(bean.bestSimilarity()).isEqualTo(0.7);
        });
        assertThat(result.unknownEvidence()).containsExactly(crop(12, 0.2, 500_000), crop(13, 0.3, 500_000));
        assertThat(result.unknownPeople()).isEqualTo(result.unknownEvidence().size());
        assertThat(result.durationMicros()).isEqualTo(2_000_000);
        assertThat(result.samplingIntervalMicros()).isEqualTo(500_000);
        assertThat(tally.result(3, false, 500_000, 0, AnalysisStats.NONE).durationMicros())
                .as("without a declared duration: the last examined frame's time").isEqualTo(1_000_000);
    }

    @Test
    void belowThresholdIsNeverTheNearestName() {
        PresenceTally tally = new PresenceTally(POLICY);
        for (int frame = 0; frame < 5; frame++) {
            tally.addFrame(frame * 500_000L, List.of(face(0, "nearest", 0.44)));
        }
        VideoAnalysis result = tally.result(5, false, 500_000, AnalysisStats.NONE);
        assertThat(result.students()).isEmpty();
        assertThat(result.facesDetected()).isEqualTo(5);
        assertThat(result.unknownFaces()).isEqualTo(5);
        assertThat(result.maxUnknownFacesInFrame()).isEqualTo(1);
        assertThat(result.reason()).isEqualTo("5 faces found in 5 examined frames, none matched an enrolled student confidently");
    }

    @Test
    void noFaceSaysSo() {
        PresenceTally tally = new PresenceTally(POLICY);
        tally.addFrame(0, List.of());
        tally.addFrame(500_000, List.of());
        VideoAnalysis result = tally.result(30, false, 500_000, AnalysisStats.NONE);
        assertThat(result.students()).isEmpty();
        assertThat(result.reason()).isEqualTo("no face found in 2 examined frames");
        assertThat(result.toResult().reason()).isEqualTo(result.reason());
    }

    @Test
    void anUnconfirmedSingleMatchIsExplained() {
        PresenceTally tally = new PresenceTally(POLICY);
        tally.addFrame(0, List.of(face(0, "floki", 0.50)));
        tally.addFrame(500_000, List.of());
        assertThat(tally.result(2, false, 500_000, AnalysisStats.NONE).reason())
                .isEqualTo("1 face found in 2 examined frames, none matched an enrolled student confidently; "
                        + "unconfirmed single-frame matches: floki (1 frame, similarity 0.500 < 0.600)");
    }

    @Test
    void ordersByFirstAppearanceThenLeftToRight() {
        PresenceTally tally = new PresenceTally(POLICY);
        tally.addFrame(0, List.of(face(400, "right", 0.9), face(20, "left", 0.9)));
        tally.addFrame(500_000, List.of(face(400, "right", 0.9), face(20, "left", 0.9), face(700, "late", 0.8)));
        tally.addFrame(1_000_000, List.of(face(700, "late", 0.8)));
        assertThat(tally.result(3, false, 500_000, AnalysisStats.NONE).studentNames()).containsExactly("left", "right", "late");
    }

    @Test
    void settlesOnlyOnTheSameConfirmedSetWithoutUnknownFaces() {
        PresenceTally tally = new PresenceTally(POLICY);
        tally.addFrame(0, List.of(face(0, "a", 0.9), face(300, "stranger", 0.2)));
        tally.addFrame(1, List.of(face(0, "a", 0.9)));
        tally.addFrame(2, List.of(face(0, "a", 0.9)));
        assertThat(tally.settled(3)).as("an unknown face in the window").isFalse();
        tally.addFrame(3, List.of(face(0, "a", 0.9)));
        assertThat(tally.settled(3)).isTrue();
        assertThat(tally.settled(0)).as("0 disables early stop").isFalse();
        tally.addFrame(4, List.of(face(0, "a", 0.9), face(300, "b", 0.9)));
        assertThat(tally.settled(3)).as("the set changed").isFalse();
    }

    @Test
    void emptyFramesNeverSettle() {
        PresenceTally tally = new PresenceTally(POLICY);
        for (int frame = 0; frame < 5; frame++) {
            tally.addFrame(frame, List.of());
        }
        assertThat(tally.settled(3)).isFalse();
    }
}
