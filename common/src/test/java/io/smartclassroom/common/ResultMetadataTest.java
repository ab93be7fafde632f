package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultMetadataTest {
    @Test
    void valuesAreEscapedToAsciiAndDecodeBack() {
        Map<String, String> headers = ResultMetadata.fit(Map.of(ResultMetadata.SOURCE, "s3://in/cours/my class,1 ü 100%.mp4"));

        assertThat(headers).containsEntry(ResultMetadata.SOURCE, "s3://in/cours/my class,1 %C3%BC 100%25.mp4");
        assertThat(ResultMetadata.decode(headers.get(ResultMetadata.SOURCE))).isEqualTo("s3://in/cours/my class,1 ü 100%.mp4");
    }

    @Test
    void aLongNonAsciiKeyIsCutSoTheTotalStaysWithinTwoKilobytes() {
        String key = "授業/" + "日本語の講義ü".repeat(80) + ".mp4";
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.OUTCOME, "students-found");
        metadata.put(ResultMetadata.SOURCE, "s3://in/" + key);
        metadata.put(ResultMetadata.SOURCE_ETAG, "d41d8cd98f00b204e9800998ecf8427e");
        metadata.put(ResultMetadata.SOURCE_SEQUENCER, "0055AED6DCD90281E5");
        metadata.put(ResultMetadata.REASON, "no student record for " + "ü".repeat(500));
        metadata.put(ResultMetadata.FRAMES_EXAMINED, "12");

        Map<String, String> headers = ResultMetadata.fit(metadata);

        assertThat(ResultMetadata.totalBytes(headers)).isLessThanOrEqualTo(ResultMetadata.MAX_TOTAL_BYTES)
                .isGreaterThan(ResultMetadata.MAX_TOTAL_BYTES - 50);
        assertThat(headers.get(ResultMetadata.SOURCE)).startsWith("s3://in/%E6%8E%88").endsWith("...");
        assertThat(headers.get(ResultMetadata.SOURCE)).doesNotMatch(".*%.?\\.\\.\\.$");
        assertThat(headers.get(ResultMetadata.REASON)).endsWith("...");
        assertThat(headers)
                .containsEntry(ResultMetadata.OUTCOME, "students-found")
                .containsEntry(ResultMetadata.SOURCE_ETAG, "d41d8cd98f00b204e9800998ecf8427e")
                .containsEntry(ResultMetadata.SOURCE_SEQUENCER, "0055AED6DCD90281E5")
                .containsEntry(ResultMetadata.FRAMES_EXAMINED, "12");
        headers.values().forEach(value -> assertThat(value).matches("[\\x20-\\x7e]*"));
    }

    @Test
    void metadataWithinTheLimitIsNotCut() {
        Map<String, String> headers = ResultMetadata.fit(Map.of(ResultMetadata.REASON, "x".repeat(1500)));

        assertThat(headers.get(ResultMetadata.REASON)).hasSize(1500);
    }

    @Test
    void theLeastImportantValuesAreCutFirstAndTheCutIsMarked() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.OUTCOME, "no-students");
        metadata.put(ResultMetadata.SOURCE, "s3://in/" + "ü".repeat(200) + ".mp4");
        metadata.put(ResultMetadata.SOURCE_SEQUENCER, "0055AED6DCD90281E5");
        metadata.put(ResultMetadata.REASON, "no face found in " + "x".repeat(1000));
        metadata.put(ResultMetadata.MISSING_RECORDS, "y".repeat(300));

        Map<String, String> headers = ResultMetadata.fit(metadata);

        assertThat(ResultMetadata.totalBytes(headers)).isLessThanOrEqualTo(ResultMetadata.MAX_TOTAL_BYTES);
        // the source (1,200 escaped characters) fits once the reason and the missing records are cut: it stays whole
        assertThat(ResultMetadata.decode(headers.get(ResultMetadata.SOURCE))).isEqualTo(metadata.get(ResultMetadata.SOURCE));
        assertThat(headers.get(ResultMetadata.MISSING_RECORDS)).hasSize(64).endsWith("...");
        assertThat(headers.get(ResultMetadata.REASON)).startsWith("no face found in xxx").endsWith("...");
        assertThat(headers).containsEntry(ResultMetadata.TRUNCATED, "missing-records,reason")
                .containsEntry(ResultMetadata.SOURCE_SEQUENCER, "0055AED6DCD90281E5");
    }

    @Test
    void valuesThatMayNotBeCutAreKeptWholeOrRefused() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ResultMetadata.SOURCE_VERSION_ID, "v".repeat(1000));
        metadata.put(ResultMetadata.SOURCE_ETAG, "e".repeat(1100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultMetadata.fit(metadata))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not be cut");
    }
}
