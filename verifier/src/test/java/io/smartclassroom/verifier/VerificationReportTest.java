package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationReportTest {
    private static final String EXPECTED = """
            video,name,major,year
            test_0.mp4,president_trump,physics,junior
            test_1.mp4,president_biden,history,sophomore
            group.mp4,president_obama,electrical_engineering,senior
            group.mp4,president_biden,history,sophomore
            nobody.mov,,,
            test_9.mp4,floki,history,junior
            """;

    @Test
    void comparesEachVideoAsASetAndReportsOkWrongAndMissing() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse(EXPECTED, "expected.csv");
        Map<String, String> found = Map.of(
                "test_0.csv", "name,major,year\npresident_trump,physics,junior\n",
                "test_1.csv", "name,major,year\nmr_bean,lawyer,freshmen\n",
                // another order, a repeated row and no header: still the same set
                "group.csv", "president_biden,history,sophomore\npresident_obama,electrical_engineering,senior\npresident_biden,history,sophomore\n",
                "nobody.csv", "name,major,year\n",
                "unrelated.csv", "x,y,z\n");

        VerificationReport report = VerificationReport.of(expected, found);

        assertThat(report.checks()).extracting(check -> check.video() + " " + check.status().label()).containsExactly(
                "test_0.mp4 ok", "test_1.mp4 wrong", "group.mp4 ok", "nobody.mov ok", "test_9.mp4 missing");
        assertThat(report.correct()).isEqualTo(3);
        assertThat(report.allCorrect()).isFalse();
        assertThat(report.missing()).containsExactly("test_9.mp4");
        assertThat(report.lines()).containsExactly(
                "VIDEO       STATUS   DETAIL",
                "test_0.mp4  ok",
                "test_1.mp4  wrong    expected {president_biden,history,sophomore}; got {mr_bean,lawyer,freshmen}",
                "group.mp4   ok",
                "nobody.mov  ok",
                "test_9.mp4  missing  no test_9.csv; expected {floki,history,junior}",
                "3/5 correct");
    }

    @Test
    void aSubsetASupersetOrAStudentForAnEmptyVideoIsWrong() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse(EXPECTED, "expected.csv");

        VerificationReport report = VerificationReport.of(expected, Map.of(
                "test_0.csv", "name,major,year\npresident_trump,physics,junior\nfloki,history,junior\n",
                "test_1.csv", "name,major,year\n",
                "group.csv", "name,major,year\npresident_obama,electrical_engineering,senior\n",
                "nobody.csv", "name,major,year\nfloki,history,junior\n",
                "test_9.csv", "name,major,year\nfloki,history,senior\n"));

        assertThat(report.checks()).allSatisfy(check -> assertThat(check.status()).isEqualTo(VideoCheck.Status.WRONG));
        assertThat(report.checks().get(1).detail()).isEqualTo("expected {president_biden,history,sophomore}; got {}");
        assertThat(report.summary()).isEqualTo("0/5 correct");
    }

    @Test
    void aMalformedCsvIsWrongAndSaysWhy() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse("video,name,major,year\na.mp4,floki,history,junior\n", "e.csv");

        VerificationReport report = VerificationReport.of(expected, Map.of("a.csv", "floki;history;junior\n"));

        assertThat(report.checks().get(0).status()).isEqualTo(VideoCheck.Status.WRONG);
        assertThat(report.checks().get(0).detail())
                .isEqualTo("expected {floki,history,junior}; got a row has 1 columns, not 3 (name,major,year): floki;history;junior");
    }

    @Test
    void allCorrectWhenEveryVideoIsOk() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse("video,name,major,year\na.mp4,floki,history,junior\n", "e.csv");

        VerificationReport report = VerificationReport.of(expected, Map.of("a.csv", "name,major,year\r\nfloki,history,junior\r\n"));

        assertThat(report.allCorrect()).isTrue();
        assertThat(report.summary()).isEqualTo("1/1 correct");
    }

    @Test
    void aVideoInAFolderIsCheckedAgainstTheCsvInTheSameFolder() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse(
                "video,name,major,year\nr1/a.mp4,floki,history,junior\nr2/a.mp4,floki,history,junior\n", "e.csv");

        VerificationReport report = VerificationReport.of(expected, Map.of(
                "r1/a.csv", "name,major,year\nfloki,history,junior\n",
                "a.csv", "name,major,year\nfloki,history,junior\n"));

        assertThat(report.checks()).extracting(VideoCheck::status)
                .containsExactly(VideoCheck.Status.OK, VideoCheck.Status.MISSING);
        assertThat(report.checks().get(1).detail()).startsWith("no r2/a.csv;");
    }

    @Test
    void namesTheHandlerNeutralisedAsFormulasCompareAsTheNamesThemselves() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse("""
                video,name,major,year
                odd.mp4,"=HYPERLINK(""http://x"")",@SUM(1),senior
                quote.mp4,'o,history,junior
                """, "expected.csv");
        // exactly what the handler's AttendanceCsv writes for those rows
        Map<String, String> found = Map.of(
                "odd.csv", "name,major,year\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(1),senior\n",
                "quote.csv", "name,major,year\n''o,history,junior\n");

        VerificationReport report = VerificationReport.of(expected, found);

        assertThat(report.checks()).extracting(check -> check.video() + " " + check.status().label())
                .containsExactly("odd.mp4 ok", "quote.mp4 ok");
        assertThat(ResultCsv.parse(found.get("odd.csv")).rows())
                .containsExactly(new StudentRow("=HYPERLINK(\"http://x\")", "@SUM(1)", "senior"));
        // a neutralised name is not another student's: the comparison still tells names apart
        VerificationReport wrong = VerificationReport.of(expected, Map.of(
                "odd.csv", "name,major,year\n'=HYPERLINK(x),'@SUM(1),senior\n", "quote.csv", "name,major,year\n'o,history,junior\n"));
        assertThat(wrong.checks()).extracting(check -> check.video() + " " + check.status().label())
                .containsExactly("odd.mp4 wrong", "quote.mp4 wrong");
    }
}
