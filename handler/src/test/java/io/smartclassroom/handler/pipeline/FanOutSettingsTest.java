package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.HandlerConfig;
import io.smartclassroom.handler.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class FanOutSettingsTest {
    @Test
    void defaultsAreFiveMinuteSegmentsAndATenSecondMargin() {
        List<String> problems = new ArrayList<>();
        assertThat(FanOutSettings.fromEnvironment(Map.of(), problems))
                .isEqualTo(new FanOutSettings(300, Duration.ofSeconds(10)));
        assertThat(problems).isEmpty();
        assertThat(HandlerConfig.fromEnvironment(Map.of("ENCODINGS", "e.json")).fanOut()).isEqualTo(FanOutSettings.DEFAULTS);
    }

    @Test
    void bothAreReadAndAZeroMarginIsAllowed() {
        List<String> problems = new ArrayList<>();
        assertThat(FanOutSettings.fromEnvironment(Map.of("SEGMENT_SECONDS", "12", "TIME_MARGIN_SECONDS", "0"), problems))
                .isEqualTo(new FanOutSettings(12, Duration.ZERO));
        assertThat(FanOutSettings.fromEnvironment(Map.of("TIME_MARGIN_SECONDS", "2.5"), problems).timeMargin())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(problems).isEmpty();
    }

    @Test
    void unusableValuesAreNamedInTheStartupError() {
        Assertions.assertThatThrownBy(() -> HandlerConfig.fromEnvironment(
                        Map.of("ENCODINGS", "e.json", "SEGMENT_SECONDS", "0", "TIME_MARGIN_SECONDS", "soon")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEGMENT_SECONDS must be a positive number of seconds, got '0'")
                .hasMessageContaining("TIME_MARGIN_SECONDS must be a number of seconds, 0 or more, got 'soon'");
    }
}
