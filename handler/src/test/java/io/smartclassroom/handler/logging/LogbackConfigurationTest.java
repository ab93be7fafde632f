package io.smartclassroom.handler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The function's shipped logback.xml: JSON when the function's log format says so, one line per event always. */
class LogbackConfigurationTest {

    @Test
    void lambdasJsonLogFormatGivesOneJsonObjectPerEventWithRequestIdAndVideoKey() throws Exception {
        String out = logWith(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"));

        assertThat(out.lines()).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(out.lines().findFirst().orElseThrow());
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("processed s3://in/a\nb.mp4");
        assertThat(first.path("mdc").path("requestId").asText()).isEqualTo("req-7");
        assertThat(first.path("mdc").path("videoKey").asText()).isEqualTo("a\nb.mp4");
        JsonNode second = new ObjectMapper().readTree(out.lines().skip(1).findFirst().orElseThrow());
        assertThat(second.path("throwable").path("message").asText()).isEqualTo("boom");
    }

    @Test
    void textKeepsEveryEventOnOneLineWhateverTheKeyOrMessageHolds() {
        String out = logWith(Map.of());

        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().findFirst().orElseThrow())
                .contains("requestId=req-7 videoKey=a b.mp4 - processed s3://in/a b.mp4");
        assertThat(out.lines().skip(1).findFirst().orElseThrow()).contains("failed | java.lang.IllegalStateException: boom");
    }

    private static String logWith(Map<String, String> properties) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        properties.forEach(context::putProperty);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogbackConfigurationTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger("io.smartclassroom.handler.pipeline.VideoPipeline");
            MDC.put("requestId", "req-7");
            MDC.put("videoKey", "a\nb.mp4");
            log.info("processed {}", "s3://in/a\nb.mp4");
            log.warn("failed", new IllegalStateException("boom"));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            MDC.clear();
            System.setErr(original);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
