package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttendanceRecordTest {
    private static final String SOURCE = "s3://out/r1/a.json";

    @Test
    void aSchemaValidRecordReadsWithEveryFieldTheReportShows() {
        String json = RecordFixtures.record("in", "r1/a.mp4", 12.5)
                .student("floki", 4, "history", "junior", 1.0, 9.0, "out")
                .student("stranger_with_no_record", null, null, null, 3.0, 3.0, null)
                .unknownFaces(3).reason("stranger_with_no_record has no record").json();

        AttendanceRecord record = AttendanceRecord.parse(json, SOURCE);

        assertThat(record.videoKey()).isEqualTo("r1/a.mp4");
        assertThat(record.durationS()).isEqualTo(12.5);
        assertThat(record.outcome()).isEqualTo("students-found");
        assertThat(record.reason()).isEqualTo("stranger_with_no_record has no record");
        assertThat(record.unknownFaces()).isEqualTo(3);
        assertThat(record.framesExamined()).isEqualTo(25);
        assertThat(record.modelName()).isEqualTo("sface");
        assertThat(record.timingsMs()).containsEntry("total", 812L);
        assertThat(record.students()).hasSize(2);
        SeenStudent floki = record.students().get(0);
        assertThat(floki.name()).isEqualTo("floki");
        assertThat(floki.id()).contains("4");
        assertThat(floki.firstSeenS()).isEqualTo(1.0);
        assertThat(floki.lastSeenS()).isEqualTo(9.0);
        assertThat(floki.seenS()).isEqualTo(8.5);
        assertThat(floki.frames()).isEqualTo(17);
        assertThat(floki.evidence()).contains("s3://out/evidence/r1/a/floki.jpg");
        SeenStudent stranger = record.students().get(1);
        assertThat(stranger.id()).isEmpty();
        assertThat(stranger.major()).isEmpty();
        assertThat(stranger.evidence()).isEqualTo(Optional.empty());
    }

    @Test
    void aBadRecordIsRefusedNamingTheFileAndTheField() {
        String valid = RecordFixtures.record("in", "a.mp4", 2).student("floki", 4, "history", "junior", 0, 1, "out").json();

        assertThatThrownBy(() -> AttendanceRecord.parse("{\"video\": ", SOURCE))
                .hasMessageStartingWith(SOURCE + " is not JSON: ");
        assertThatThrownBy(() -> AttendanceRecord.parse(valid.replace("\"first_seen_s\"", "\"first_seen\""), SOURCE))
                .hasMessage(SOURCE + ": students[0].first_seen_s is missing");
        assertThatThrownBy(() -> AttendanceRecord.parse(valid.replace("\"unknown_faces\" : 0", "\"unknown_faces\" : \"none\""), SOURCE))
                .hasMessage(SOURCE + ": unknown_faces is not an integer: \"none\"");
        assertThatThrownBy(() -> AttendanceRecord.parse(valid.replace("\"schema_version\" : 1", "\"schema_version\" : 2"), SOURCE))
                .hasMessage(SOURCE + ": schema_version is 2, this verifier reads 1");
        assertThatThrownBy(() -> AttendanceRecord.parse(valid.replace("s3://in/a.mp4", "a.mp4"), SOURCE))
                .hasMessage(SOURCE + ": video is 'a.mp4', not s3://bucket/key");
    }

    @Test
    void clockTimesReadAsMinutesAndHours() {
        assertThat(HtmlReport.clock(0)).isEqualTo("0:00.0");
        assertThat(HtmlReport.clock(75.5)).isEqualTo("1:15.5");
        assertThat(HtmlReport.clock(59.96)).isEqualTo("1:00.0");
        assertThat(HtmlReport.clock(3725)).isEqualTo("1:02:05.0");
    }
}
