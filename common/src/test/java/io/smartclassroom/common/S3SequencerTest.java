package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class S3SequencerTest {
    @Test
    void aShorterSequencerIsLeftPaddedWithZerosBeforeComparing() {
        assertThat(new S3Sequencer("FF").compareTo(new S3Sequencer("0100"))).isNegative();
        assertThat(new S3Sequencer("0100").isAfter(new S3Sequencer("FF"))).isTrue();
        assertThat(new S3Sequencer("00FF").compareTo(new S3Sequencer("ff"))).isZero();
        assertThat(new S3Sequencer("A").isAfter(new S3Sequencer("9"))).isTrue();
    }

    @Test
    void sortsAsTheEventsHappened() {
        List<S3Sequencer> sorted = Stream.of("0055AED6DCD90281E6", "55AED6DCD90281E5", "0055AED6DCD9028200")
                .map(S3Sequencer::new).sorted().toList();

        assertThat(sorted).extracting(S3Sequencer::hex)
                .containsExactly("55AED6DCD90281E5", "0055AED6DCD90281E6", "0055AED6DCD9028200");
    }

    @Test
    void onlyHexadecimalTextIsASequencer() {
        assertThatThrownBy(() -> new S3Sequencer("12G4")).hasMessageContaining("'12G4'");
        assertThat(S3Sequencer.parseOrNull(" ")).isNull();
        assertThat(S3Sequencer.parseOrNull("xyz")).isNull();
        assertThat(S3Sequencer.parseOrNull("ab")).isEqualTo(new S3Sequencer("AB"));
    }
}
