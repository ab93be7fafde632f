package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.VideoSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialAnalysesTest {
    private static VideoAnalysis analysis(StudentSighting... students) {
        return new VideoAnalysis(List.of(students), 3, 30, 6, 2, 1, 1, false, 1000, students.length == 0 ? "no face" : "",
                new AnalysisStats(30, 3, 3, 6, 4, 2, 400, 300, 200, 1000));
    }

    @Test
    void aSegmentsAnalysisSurvivesTheTripThroughAPartial() {
        VideoAnalysis analysis = analysis(new StudentSighting("mr_bean", 12_000_000, 20_000_000, 8_000_000, 3, 0.71));
        VideoSegment segment = new VideoSegment(1, 3, 12, 24);
        assertThat(PartialAnalyses.toAnalysis(PartialAnalyses.of(segment, analysis))).isEqualTo(analysis);
    }

    @Test
    void theMergeOfPartialsCombinesEachStudentAndAddsTheWork() {
        List<PartialAnalysis> partials = List.of(
                PartialAnalyses.of(new VideoSegment(1, 2, 12, 24),
                        analysis(new StudentSighting("a", 12_000_000, 16_000_000, 8_000_000, 2, 0.9))),
                PartialAnalyses.of(new VideoSegment(0, 2, 0, 12),
                        analysis(new StudentSighting("a", 4_000_000, 8_000_000, 4_000_000, 1, 0.6),
                                new StudentSighting("b", 0, 8_000_000, 12_000_000, 3, 0.7))));
        VideoAnalysis merged = PartialAnalyses.merge(partials);
        assertThat(merged.studentNames()).containsExactly("b", "a");
        assertThat(merged.students().get(1)).isEqualTo(new StudentSighting("a", 4_000_000, 16_000_000, 12_000_000, 3, 0.9));
        assertThat(merged.framesExamined()).isEqualTo(6);
        assertThat(merged.unknownPeople()).as("an upper bound: the sum").isEqualTo(2);
        assertThat(merged.stats().seeks()).isEqualTo(6);
    }

    @Test
    void aMissingRepeatedOrForeignSegmentIsRefusedByName() {
        PartialAnalysis first = PartialAnalyses.of(new VideoSegment(0, 3, 0, 12), analysis());
        PartialAnalysis third = PartialAnalyses.of(new VideoSegment(2, 3, 24, 36), analysis());
        assertThatThrownBy(() -> PartialAnalyses.merge(List.of(first, third)))
                .hasMessage("the partial of segment 2/3 is missing");
        assertThatThrownBy(() -> PartialAnalyses.merge(List.of(first, first)))
                .hasMessage("two partials of segment 1/3 (0–12 s)");
        assertThatThrownBy(() -> PartialAnalyses.merge(List.of(first,
                PartialAnalyses.of(new VideoSegment(1, 2, 12, 24), analysis()))))
                .hasMessageContaining("is of a plan of 2 segments, the first of 3");
    }
}
