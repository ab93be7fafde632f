package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VideoAnalysisMergeTest {
    private static AnalysisStats stats(int examined, int embeddings) {
        return new AnalysisStats(examined, examined, examined, examined * 3, embeddings, 2, 10, 20, 30, 70);
    }

    private static VideoAnalysis segment(List<StudentSighting> students, int examined, int unknownPeople, String reason) {
        return new VideoAnalysis(students, examined, examined, examined * 3, examined, 1, unknownPeople, false, 70,
                reason, stats(examined, 4));
    }

    @Test
    void segmentsCombineIntoOneVideo() {
        VideoAnalysis first = segment(List.of(
                new StudentSighting("alice", 0, 55_000_000, 60_000_000, 12, 0.7),
                new StudentSighting("bob", 30_000_000, 40_000_000, 15_000_000, 3, 0.6)), 12, 1, "");
        VideoAnalysis second = segment(List.of(
                new StudentSighting("carol", 60_000_000, 115_000_000, 60_000_000, 12, 0.8),
                new StudentSighting("alice", 60_000_000, 100_000_000, 45_000_000, 9, 0.75)), 12, 2, "");
        VideoAnalysis empty = segment(List.of(), 12, 0, "no face found in 12 examined frames");

        VideoAnalysis merged = VideoAnalysis.merge(List.of(second, empty, first));

        assertThat(merged.studentNames()).containsExactly("alice", "bob", "carol");
        assertThat(merged.students().get(0)).isEqualTo(new StudentSighting("alice", 0, 100_000_000, 105_000_000, 21, 0.75));
        assertThat(merged.framesExamined()).isEqualTo(36);
        assertThat(merged.unknownPeople()).isEqualTo(3);
        assertThat(merged.reason()).isEmpty();
        assertThat(merged.stats()).isEqualTo(new AnalysisStats(36, 36, 36, 108, 12, 6, 30, 60, 90, 210));
    }

    @Test
    void nobodyInAnySegmentKeepsTheReasons() {
        VideoAnalysis merged = VideoAnalysis.merge(List.of(segment(List.of(), 3, 0, "no face"), segment(List.of(), 3, 0, "dark")));
        assertThat(merged.students()).isEmpty();
        assertThat(merged.reason()).isEqualTo("no face; dark");
    }

    @Test
    void mergingNothingOrDifferentStudentsIsRefused() {
        assertThatThrownBy(() -> VideoAnalysis.merge(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StudentSighting("a", 0, 1, 1, 1, 0.5).merge(new StudentSighting("b", 0, 1, 1, 1, 0.5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeRangesAreHalfOpen() {
        TimeRange range = TimeRange.ofSeconds(60, 120);
        assertThat(range.contains(60_000_000)).isTrue();
        assertThat(range.contains(120_000_000)).isFalse();
        assertThatThrownBy(() -> TimeRange.ofSeconds(5, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
