package io.smartclassroom.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleFormatEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.smartclassroom.handler.VideoPipeline");

    @Test
    void jsonIsOneParsableLinePerEventWithTheMdcAsFieldsEvenWhenTheDataHoldsNewlines() throws Exception {
        ConsoleFormatEncoder encoder = encoder("json", false);
        String line = encode(encoder, Level.INFO, "video {} done\nINFO forged line", "s3://in/a.mp4",
                Map.of("requestId", "r-1", "videoKey", "lecture\n1.mp4"));

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.smartclassroom.handler.VideoPipeline");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("video s3://in/a.mp4 done\nINFO forged line");
        assertThat(json.path("mdc").path("requestId").asText()).isEqualTo("r-1");
        assertThat(json.path("mdc").path("videoKey").asText()).isEqualTo("lecture\n1.mp4");
        assertThat(json.path("timestamp").asLong()).isPositive();
    }

    @Test
    void textUsesThePatternAndLambdasOwnSpellingOfTheFormatIsAccepted() {
        ConsoleFormatEncoder text = encoder("text", false);
        ConsoleFormatEncoder lambdaJson = encoder("JSON", false);

        assertThat(encode(text, Level.WARN, "slow {}", "x", Map.of())).isEqualTo("WARN  slow x\n");
        assertThat(encode(lambdaJson, Level.WARN, "slow {}", "x", Map.of())).startsWith("{");
    }

    @Test
    void anUnknownFormatIsReportedNamingTheSettingAndFallsBackToText() {
        ConsoleFormatEncoder encoder = encoder("yaml", false);

        assertThat(encode(encoder, Level.INFO, "hello {}", "there", Map.of())).isEqualTo("INFO  hello there\n");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() == Status.ERROR)
                .extracting(Status::getMessage)
                .containsExactly("log format 'yaml' (LOG_FORMAT or AWS_LAMBDA_LOG_FORMAT) is neither json nor text:"
                        + " logging as text");
    }

    @Test
    void underTheJournalEachLineStartsWithItsSyslogPriority() {
        ConsoleFormatEncoder encoder = encoder("text", true);

        assertThat(encode(encoder, Level.ERROR, "e{}", "", Map.of())).startsWith("<3>ERROR");
        assertThat(encode(encoder, Level.WARN, "w{}", "", Map.of())).startsWith("<4>WARN");
        assertThat(encode(encoder, Level.INFO, "i{}", "", Map.of())).startsWith("<6>INFO");
        assertThat(encode(encoder, Level.DEBUG, "d{}", "", Map.of())).startsWith("<7>DEBUG");
        assertThat(encode(encoder("json", true), Level.WARN, "w{}", "", Map.of())).startsWith("<4>{");
    }

    private ConsoleFormatEncoder encoder(String format, boolean journal) {
        ConsoleFormatEncoder encoder = new ConsoleFormatEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern("%-5level %msg%n");
        encoder.setJournalPriority(journal);
        encoder.start();
        return encoder;
    }

    private String encode(ConsoleFormatEncoder encoder, Level level, String message, Object argument,
            Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null,
                new Object[] {argument});
        event.setMDCPropertyMap(mdc);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
