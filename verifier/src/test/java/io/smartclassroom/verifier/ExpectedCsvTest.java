package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectedCsvTest {
    @Test
    void readsTheCoursesExpectedResults() throws Exception {
        Path file = Path.of(System.getenv().getOrDefault("ASSETS_DIR", "/work/shared/assets"), "course", "test_case_1", "expected.csv");
        assumeTrue(Files.isRegularFile(file), "course assets not found at " + file + " (set ASSETS_DIR)");

        ExpectedResults expected = ExpectedCsv.read(file);

        assertThat(expected.size()).isEqualTo(8);
        assertThat(expected.byVideo().keySet()).containsExactly(
                "test_0.mp4", "test_1.mp4", "test_2.mp4", "test_4.mp4", "test_5.mp4", "test_6.mp4", "test_7.mp4", "test_8.mp4");
        assertThat(expected.byVideo().get("test_0.mp4")).containsExactly(new StudentRow("president_trump", "physics", "junior"));
    }

    @Test
    void severalRowsOfAVideoAreASetAndAnEmptyNameMeansNoStudent() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse("""
                video,name,major,year
                group.mp4,president_obama,electrical_engineering,senior
                group.mp4,president_biden,history,sophomore
                group.mp4,president_obama,electrical_engineering,senior
                empty.mp4,,,

                one.mov,floki,history,junior
                """, "expected.csv");

        assertThat(expected.byVideo().keySet()).containsExactly("group.mp4", "empty.mp4", "one.mov");
        assertThat(expected.byVideo().get("group.mp4")).isEqualTo(Set.of(
                new StudentRow("president_biden", "history", "sophomore"),
                new StudentRow("president_obama", "electrical_engineering", "senior")));
        assertThat(expected.byVideo().get("empty.mp4")).isEmpty();
    }

    @Test
    void columnsAreFoundByTheirHeader() throws Exception {
        ExpectedResults expected = ExpectedCsv.parse("\uFEFFname,year,major,video\nfloki,junior,history,a.mp4\n", "e.csv");

        assertThat(expected.byVideo().get("a.mp4")).containsExactly(new StudentRow("floki", "history", "junior"));
    }

    @Test
    void rejectsFilesWithoutTheColumnsOrVideos() {
        assertThatThrownBy(() -> ExpectedCsv.parse("video,name,year\na.mp4,x,y\n", "e.csv"))
                .hasMessage("e.csv has no \"major\" column; expected a header video,name,major,year");
        assertThatThrownBy(() -> ExpectedCsv.parse("", "e.csv")).hasMessageContaining("e.csv is empty");
        assertThatThrownBy(() -> ExpectedCsv.parse("video,name,major,year\n", "e.csv")).hasMessage("e.csv lists no video");
        assertThatThrownBy(() -> ExpectedCsv.parse("video,name,major,year\n,floki,history,junior\n", "e.csv"))
                .hasMessage("e.csv line 2 has no video");
    }
}
