package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.handler.HandlerConfig;
import io.smartclassroom.handler.recognition.InputLimits;
import java.util.List;

/**
 * What the function accepts of an event before it downloads anything: at most {@link InputLimits#maxEventRecords}
 * records ({@code over-limit}), each for the function's own input bucket ({@code invalid-event}: a record for any
 * other bucket would make it read, and write results for, objects it was not set up for) and of at most
 * {@link InputLimits#maxVideoBytes} by the event's {@code s3.object.size} ({@code over-limit}). The parser has
 * already required {@code eventSource} {@code aws:s3} and an {@code eventName}. Immutable.
 */
public final class EventValidator {
    private final String inputBucket;
    private final InputLimits limits;

    public EventValidator(String inputBucket, InputLimits limits) {
        this.inputBucket = requireNonNull(inputBucket, "inputBucket");
        this.limits = requireNonNull(limits, "limits");
        if (inputBucket.isBlank()) {
            throw new IllegalArgumentException("inputBucket is blank");
        }
    }

    public String inputBucket() {
        return inputBucket;
    }

    /**
     * @throws VideoRejectedException ({@code over-limit}) when the event has more records than allowed; no record
     *     of it is processed
     */
    public void checkRecordCount(List<S3Message.ObjectEvent> records) {
        requireNonNull(records, "records");
        if (records.size() > limits.maxEventRecords()) {
            throw new VideoRejectedException(Reason.OVER_LIMIT, "the event has " + records.size()
                    + " records, over the limit of " + limits.maxEventRecords() + " per event ("
                    + InputLimits.MAX_EVENT_RECORDS + " raises it; S3 sends one record per event)");
        }
    }

    /**
     * @throws VideoRejectedException ({@code invalid-event}) for a record of another bucket than the input bucket,
     *     ({@code over-limit}) for an object larger than allowed by the event's own size
     */
    public void checkRecord(S3Message.ObjectEvent record) {
        requireNonNull(record, "record");
        if (!inputBucket.equals(record.object().bucket())) {
            throw new VideoRejectedException(Reason.INVALID_EVENT, "the record names " + record.object()
                    + ", which is not in the function's input bucket '" + inputBucket + "' (" + HandlerConfig.INPUT_BUCKET
                    + "); records for other buckets are not processed");
        }
        String problem = limits.sizeProblem(record.object() + " (size in the event)", record.object().size());
        if (problem != null) {
            throw new VideoRejectedException(Reason.OVER_LIMIT, problem + "; not downloaded");
        }
    }
}
