package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultKeysTest {
    @Test
    void keysWithoutAFolderMapAsTheCourseExpects() {
        assertThat(ResultKeys.csvKey("test_0.mp4")).isEqualTo("test_0.csv");
        assertThat(ResultKeys.csvKey("lecture.final.mov")).isEqualTo("lecture.final.csv");
        assertThat(ResultKeys.csvKey("no-extension")).isEqualTo("no-extension.csv");
        assertThat(ResultKeys.csvKey(".hidden")).isEqualTo(".hidden.csv");
        assertThat(ResultKeys.csvKey("my class,1 ü.mp4")).isEqualTo("my class,1 ü.csv");
    }

    @Test
    void foldersAreKeptSoSameNamesInTwoFoldersStayApart() {
        assertThat(ResultKeys.csvKey("r1/test_00.mp4")).isEqualTo("r1/test_00.csv");
        assertThat(ResultKeys.csvKey("r2/test_00.mp4")).isEqualTo("r2/test_00.csv");
        assertThat(ResultKeys.csvKey("日本語/授業 #3.mp4")).isEqualTo("日本語/授業 #3.csv");
        assertThat(ResultKeys.csvKey("a.b/c")).isEqualTo("a.b/c.csv");
        assertThat(ResultKeys.csvKey("a.b/.c")).isEqualTo("a.b/.c.csv");
        assertThat(ResultKeys.stem("courseA/lecture1.mp4")).isEqualTo("courseA/lecture1");
    }

    @Test
    void aFolderKeyIsNotAVideo() {
        assertThatThrownBy(() -> ResultKeys.csvKey("in/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'in/'");
    }
}
