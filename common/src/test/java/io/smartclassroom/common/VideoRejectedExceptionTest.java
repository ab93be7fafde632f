package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.VideoRejectedException.Reason;
import org.junit.jupiter.api.Test;

class VideoRejectedExceptionTest {
    @Test
    void theMessageStartsWithTheReasonsCodeAndTheMonitorReadsItBack() {
        VideoRejectedException e = new VideoRejectedException(Reason.OVER_LIMIT, "s3://in/a.mp4 is 3 GB; the limit is 2 GB");
        assertThat(e.getMessage()).isEqualTo("over-limit: s3://in/a.mp4 is 3 GB; the limit is 2 GB");
        assertThat(e.detail()).isEqualTo("s3://in/a.mp4 is 3 GB; the limit is 2 GB");
        assertThat(Reason.ofMessage(e.getMessage())).contains(Reason.OVER_LIMIT);
        assertThat(VideoRejectedException.ERROR_TYPE).isEqualTo("io.smartclassroom.common.VideoRejectedException");
    }

    @Test
    void messagesWithoutAKnownCodeHaveNoReason() {
        assertThat(Reason.ofMessage("s3://in/a.mp4 failed")).isEmpty();
        assertThat(Reason.ofMessage("later: timed out")).isEmpty();
        assertThat(Reason.ofMessage(null)).isEmpty();
        for (Reason reason : Reason.values()) {
            assertThat(Reason.ofMessage(reason.code() + ": x")).contains(reason);
        }
    }
}
