package io.smartclassroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The monitor's shipped logback.xml: JSON on request, syslog priorities for journald, one line per event. */
class LogbackConfigurationTest {

    @Test
    void jsonGivesOneObjectPerEvent() throws Exception {
        List<String> lines = logWith(Map.of("LOG_FORMAT", "json"));

        assertThat(lines).hasSize(2);
        JsonNode warning = new ObjectMapper().readTree(lines.get(1));
        assertThat(warning.path("level").asText()).isEqualTo("WARN");
        assertThat(warning.path("formattedMessage").asText()).isEqualTo("message m-1 failed: bad\nkey");
        assertThat(warning.path("mdc").path("videoKey").asText()).isEqualTo("x\ny.mp4");
    }

    @Test
    void underSystemdEachLineCarriesItsPriorityAndDataCannotForgeALine() {
        List<String> lines = logWith(Map.of("LOG_JOURNAL_PRIORITY", "true"));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("<6>").contains("INFO").endsWith("received 1 message");
        assertThat(lines.get(1)).startsWith("<4>").contains("WARN").endsWith("message m-1 failed: bad key");
    }

    @Test
    void byDefaultPlainTextWithoutPriorities() {
        List<String> lines = logWith(Map.of());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).doesNotStartWith("<").contains(" INFO ");
    }

    private static List<String> logWith(Map<String, String> properties) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        properties.forEach(context::putProperty);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogbackConfigurationTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger(Monitor.class);
            MDC.put("videoKey", "x\ny.mp4");
            log.info("received {} message", 1);
            log.warn("message {} failed: {}", "m-1", "bad\nkey");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            MDC.clear();
            System.setOut(original);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
