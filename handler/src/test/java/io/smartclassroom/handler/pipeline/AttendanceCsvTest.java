package io.smartclassroom.handler.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opencsv.CSVReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttendanceCsvTest {

    @Test
    void rowsFollowTheHeaderInOrderAndPlainFieldsAreNotQuoted() {
        byte[] csv = AttendanceCsv.render(List.of(
                new StudentRecord("president_trump", "physics", "junior"),
                new StudentRecord("mr_bean", "lawyer", "freshmen")));

        assertThat(new String(csv, UTF_8))
                .isEqualTo("name,major,year\npresident_trump,physics,junior\nmr_bean,lawyer,freshmen\n");
    }

    @Test
    void noStudentsGivesTheHeaderOnly() {
        assertThat(new String(AttendanceCsv.render(List.of()), UTF_8)).isEqualTo("name,major,year\n");
    }

    @Test
    void commasQuotesLineBreaksAndUnicodeSurviveARoundTripThroughACsvReader() throws Exception {
        StudentRecord awkward = new StudentRecord("O'Brien, \"Jo\"", "art\nhistory", "2ᵉ année");
        StudentRecord noRecord = StudentRecord.withoutRecord("zoë");
        byte[] csv = AttendanceCsv.render(List.of(awkward, noRecord));

        String text = new String(csv, UTF_8);
        assertThat(text).startsWith("name,major,year\n\"O'Brien, \"\"Jo\"\"\",\"art\nhistory\",2ᵉ année\n");
        assertThat(text).endsWith("zoë,,\n");
        try (CSVReader reader = new CSVReader(new StringReader(text))) {
            List<String[]> rows = reader.readAll();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsExactly("name", "major", "year");
            assertThat(rows.get(1)).containsExactly(awkward.name(), awkward.major(), awkward.year());
            assertThat(rows.get(2)).containsExactly("zoë", "", "");
        }
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreNeutralisedAndStillQuotedWhereNeeded() throws Exception {
        StudentRecord hostile = new StudentRecord("=HYPERLINK(\"http://x\")", "@SUM(1)", "-2+3");
        byte[] csv = AttendanceCsv.render(List.of(hostile, new StudentRecord("mr_bean", "lawyer", "freshmen")));

        String text = new String(csv, UTF_8);
        assertThat(text).isEqualTo("name,major,year\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(1),'-2+3\nmr_bean,lawyer,freshmen\n");
        try (CSVReader reader = new CSVReader(new StringReader(text))) {
            List<String[]> rows = reader.readAll();
            for (String[] row : rows) {
                for (String cell : row) {
                    assertThat(cell).as("no cell starts a formula").doesNotStartWith("=").doesNotStartWith("@")
                            .doesNotStartWith("-").doesNotStartWith("+");
                }
            }
            assertThat(rows.get(1)).containsExactly("'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'-2+3");
        }
    }
}
