package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.handler.recognition.InputLimits;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private final EventValidator validator = new EventValidator("in", InputLimits.DEFAULTS.withMaxVideoBytes(100).withMaxEventRecords(2));

    private static S3Message.ObjectEvent record(String bucket, long size) {
        return new S3Message.ObjectEvent("ObjectCreated:Put", new S3ObjectRef(bucket, "a.mp4", size));
    }

    @Test
    void aRecordOfTheInputBucketWithinTheSizeLimitPasses() {
        assertThatCode(() -> validator.checkRecord(record("in", 100))).doesNotThrowAnyException();
        // S3 always sends the size; an event without one is left to the GET's Content-Length
        assertThatCode(() -> validator.checkRecord(record("in", -1))).doesNotThrowAnyException();
        assertThatCode(() -> validator.checkRecordCount(Collections.nCopies(2, record("in", 1)))).doesNotThrowAnyException();
    }

    @Test
    void eachRejectionSaysWhyAndIsPermanent() {
        assertThatThrownBy(() -> validator.checkRecord(record("In", 1)))
                .isInstanceOfSatisfying(VideoRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_EVENT))
                .hasMessageContaining("s3://In/a.mp4, which is not in the function's input bucket 'in' (INPUT_BUCKET)");
        assertThatThrownBy(() -> validator.checkRecord(record("in", 101)))
                .isInstanceOfSatisfying(VideoRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT))
                .hasMessageContaining("is 101 bytes, over the limit of 100 bytes (MAX_VIDEO_BYTES raises it)");
        assertThatThrownBy(() -> validator.checkRecordCount(Collections.nCopies(3, record("in", 1))))
                .isInstanceOfSatisfying(VideoRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT))
                .hasMessageContaining("3 records, over the limit of 2 per event (MAX_EVENT_RECORDS raises it");
    }
}
