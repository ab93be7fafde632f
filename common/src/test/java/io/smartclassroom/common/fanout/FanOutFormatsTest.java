package io.smartclassroom.common.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutFormatsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final FunctionRequests requests = new FunctionRequests(json);
    private final String event = new S3EventNotifications().objectCreated("ObjectCreated:Put",
            new S3ObjectRef("in", "lectures/monday 1.mp4", 1000), "etag", "us-east-1", Instant.parse("2026-12-02T10:00:00Z"));

    @Test
    void aShortVideoIsOneSegmentTheWholeVideo() {
        assertThat(SegmentPlan.of(2.5, 300).segments()).containsExactly(new VideoSegment(0, 1, 0, 2.5));
        assertThat(SegmentPlan.of(300, 300).segments()).hasSize(1);
        assertThat(SegmentPlan.of(0, 300).segments()).as("unknown duration").hasSize(1);
        assertThat(SegmentPlan.of(300, 300).isSingle()).isTrue();
    }

    @Test
    void aLongVideoIsSplitIntoTheFewestEqualSegmentsWithoutGaps() {
        assertThat(SegmentPlan.of(36, 12).segments()).containsExactly(new VideoSegment(0, 3, 0, 12),
                new VideoSegment(1, 3, 12, 24), new VideoSegment(2, 3, 24, 36));
        SegmentPlan hour = SegmentPlan.of(3600.5, 300);
        assertThat(hour.segments()).hasSize(13);
        assertThat(hour.segments().get(0).startSeconds()).isZero();
        assertThat(hour.segments().get(12).endSeconds()).isEqualTo(3600.5);
        assertThat(hour.segments()).allSatisfy(s -> assertThat(s.endSeconds() - s.startSeconds()).isBetween(276.0, 300.0));
        assertThat(SegmentPlan.of(300.001, 300).segments()).hasSize(2);
        assertThat(hour.segments().get(2).describe()).isEqualTo("segment 3/13 (553.9–830.9 s)");
    }

    @Test
    void segmentsAndPlansRefuseWhatCannotBe() {
        assertThatThrownBy(() -> new VideoSegment(3, 3, 0, 1)).hasMessageContaining("index 3 of 3");
        assertThatThrownBy(() -> new VideoSegment(0, 1, 5, 5)).hasMessageContaining("start_s < end_s");
        assertThatThrownBy(() -> SegmentPlan.of(10, 0)).hasMessageContaining("segment length");
        assertThatThrownBy(() -> new SegmentPlan(24, List.of(new VideoSegment(0, 2, 0, 12), new VideoSegment(1, 2, 13, 24))))
                .hasMessageContaining("2/2 does not start where the one before ends");
    }

    @Test
    void requestsRoundTripAndCarryTheEventAsItCame() throws Exception {
        VideoSegment segment = new VideoSegment(1, 3, 12, 24);
        assertThat(requests.parse(requests.plan(event))).contains(new FunctionRequest.Plan(json.readTree(event).toString()));
        assertThat(requests.parse(requests.segment(event, segment)))
                .contains(new FunctionRequest.Segment(json.readTree(event).toString(), segment));
        List<PartialAnalysis> partials = List.of(partial(segment, sighting("mr_bean", 0.7, "abc=")));
        FunctionRequest.Merge merge = (FunctionRequest.Merge) requests.parse(requests.merge(event, partials)).orElseThrow();
        assertThat(merge.partials()).isEqualTo(partials);
        assertThat(json.readTree(merge.event())).isEqualTo(json.readTree(event));
        assertThat(json.readTree(requests.segment(event, segment)).get("segment").toString())
                .isEqualTo("{\"index\":1,\"count\":3,\"start_s\":12.0,\"end_s\":24.0}");
    }

    @Test
    void aPlainS3EventIsNoFanOutRequestAndAMalformedRequestSaysWhy() {
        assertThat(requests.parse(event)).isEmpty();
        assertThat(requests.parse("not json")).isEmpty();
        assertThatThrownBy(() -> requests.parse("{\"smartClassroom\":\"segment\",\"event\":{}}"))
                .hasMessageContaining("segment request has no \"segment\"");
        assertThatThrownBy(() -> requests.parse("{\"smartClassroom\":\"plan\"}")).hasMessageContaining("no \"event\"");
        assertThatThrownBy(() -> requests.parse("{\"smartClassroom\":\"dance\",\"event\":{}}")).hasMessageContaining("'dance'");
    }

    @Test
    void answersRoundTrip() {
        SegmentPlan plan = SegmentPlan.of(36, 12);
        assertThat(requests.readPlan(requests.write(plan))).isEqualTo(plan);
        PartialAnalysis partial = partial(new VideoSegment(0, 1, 0, 2), sighting("a", 0.5, null));
        assertThat(requests.readPartial(requests.write(partial))).isEqualTo(partial);
        assertThat(requests.write(partial)).doesNotContain("evidence_jpeg");
        assertThatThrownBy(() -> requests.readPlan("{\"videos\":[]}")).hasMessageContaining("not a plan");
    }

    @Test
    void theMergePayloadCarriesOneCropPerStudentHoweverManySegments() {
        String crop = Base64.getEncoder().encodeToString(new byte[10_000]); // a 160 px JPEG is about 10 KB
        int segments = 12;
        int students = 40;
        List<PartialAnalysis> partials = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            List<PartialAnalysis.Sighting> sightings = new ArrayList<>();
            for (int n = 0; n < students; n++) {
                sightings.add(sighting("student" + n, 0.5 + ((s * 7 + n) % segments) / 100.0, crop));
            }
            partials.add(partial(new VideoSegment(s, segments, s * 10, s * 10 + 10), sightings.toArray(PartialAnalysis.Sighting[]::new)));
        }
        List<PartialAnalysis> kept = PartialAnalysis.keepBestEvidence(partials);

        long crops = kept.stream().flatMap(p -> p.sightings().stream()).filter(s -> s.evidenceJpeg() != null).count();
        assertThat(crops).isEqualTo(students);
        for (int n = 0; n < students; n++) {
            String name = "student" + n;
            double best = partials.stream().flatMap(p -> p.sightings().stream()).filter(s -> s.name().equals(name))
                    .mapToDouble(PartialAnalysis.Sighting::bestSimilarity).max().orElseThrow();
            assertThat(kept.stream().flatMap(p -> p.sightings().stream())
                    .filter(s -> s.name().equals(name) && s.evidenceJpeg() != null))
                    .singleElement().satisfies(s -> assertThat(s.bestSimilarity()).isEqualTo(best));
        }
        int bytes = requests.merge(event, kept).length();
        assertThat(bytes).as("merge payload of %d segments × %d students", segments, students)
                .isLessThan(students * (crop.length() + 1_000) + segments * students * 300)
                .isLessThan(6 * 1024 * 1024);
        assertThat(requests.merge(event, partials).length()).isGreaterThan(segments * students * crop.length());
        // nothing but the crops changes
        assertThat(kept.stream().map(p -> p.sightings().stream().map(PartialAnalysis.Sighting::withoutEvidence).toList()).toList())
                .isEqualTo(partials.stream().map(p -> p.sightings().stream().map(PartialAnalysis.Sighting::withoutEvidence).toList()).toList());
    }

    private static PartialAnalysis.Sighting sighting(String name, double similarity, String crop) {
        return new PartialAnalysis.Sighting(name, 1_000_000, 5_000_000, 4_000_000, 2, similarity, crop);
    }

    private static PartialAnalysis partial(VideoSegment segment, PartialAnalysis.Sighting... sightings) {
        return new PartialAnalysis(segment, List.of(sightings), 3, 3, 5, 1, 1, 1, false, 1200, "",
                new PartialAnalysis.Stats(3, 3, 3, 5, 4, 2, 400, 300, 200, 1200));
    }
}
