package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudentDataFileTest {
    static final Path PROJECT_DATA = Path.of("..", "data", "student_data.json");

    private final StudentDataFile reader = new StudentDataFile(new ObjectMapper());

    @Test
    void theProjectDataFileHoldsTheCoursesEightStudents() throws IOException {
        List<StudentRecord> students = reader.read(PROJECT_DATA);

        assertThat(students).hasSize(8);
        assertThat(students).extracting(StudentRecord::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(students).contains(
                new StudentRecord(1, "mr_bean", "lawyer", "freshmen"),
                new StudentRecord(5, "president_trump", "physics", "junior"),
                new StudentRecord(8, "johnny_dep", "computer_science", "senior"));
    }

    @Test
    void theProjectDataFileStatesTheSameFactsAsTheCourseAssets() throws IOException {
        Path assets = Path.of(System.getenv().getOrDefault("ASSETS_DIR", "/work/shared/assets"), "course", "students.json");
        assumeTrue(Files.isRegularFile(assets), "course assets not found at " + assets + " (set ASSETS_DIR)");

        assertThat(reader.read(PROJECT_DATA)).containsExactlyInAnyOrderElementsOf(reader.read(assets));
    }

    @Test
    void rejectsDuplicatesMissingFieldsAndNonArrays() {
        assertThatThrownBy(() -> reader.parse("""
                [{"id": 1, "name": "a", "major": "m", "year": "y"}, {"id": 1, "name": "b", "major": "m", "year": "y"}]
                """, "f.json")).hasMessage("f.json record 1: duplicate id 1");
        assertThatThrownBy(() -> reader.parse("""
                [{"id": 1, "name": "a", "major": "m", "year": "y"}, {"id": 2, "name": "a", "major": "m", "year": "y"}]
                """, "f.json")).hasMessage("f.json record 1: duplicate name a");
        assertThatThrownBy(() -> reader.parse("[{\"id\": 1, \"name\": \"a\", \"year\": \"y\"}]", "f.json"))
                .hasMessage("f.json record 0: \"major\" must be a non-empty string");
        assertThatThrownBy(() -> reader.parse("[{\"id\": \"1\", \"name\": \"a\", \"major\": \"m\", \"year\": \"y\"}]", "f.json"))
                .hasMessage("f.json record 0: \"id\" must be an integer");
        assertThatThrownBy(() -> reader.parse("{}", "f.json")).hasMessage("f.json must be a JSON array of student records");
        assertThatThrownBy(() -> reader.parse("[", "f.json")).hasMessageStartingWith("f.json is not JSON");
        assertThatThrownBy(() -> reader.parse("[]", "f.json")).hasMessage("f.json holds no student records");
    }
}
