package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttendanceWriterHeaderTest {

    @Test
    void printableAsciiStaysAsItIs() {
        assertThat(AttendanceWriter.headerSafe("no face found in 5 frames; 2 faces, none matched"))
                .isEqualTo("no face found in 5 frames; 2 faces, none matched");
    }

    @Test
    void otherCharactersBecomeUtf8PercentEscapesThatDecodeBack() {
        String value = "no student record for zoë, 50% 日本\nx";
        String safe = AttendanceWriter.headerSafe(value);

        assertThat(safe).matches("[\\x20-\\x7e]+").contains("zo%C3%AB").contains("50%25");
        assertThat(URLDecoder.decode(safe.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @Test
    void longValuesAreCutToFitS3sMetadataLimit() {
        assertThat(AttendanceWriter.headerSafe("x".repeat(5000))).hasSize(400).endsWith("...");
    }
}
