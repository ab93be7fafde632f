package io.smartclassroom.monitor;

/**
 * Counts since the monitor started.
 *
 * @param received messages received from the queue
 * @param succeeded messages the function processed successfully (deleted)
 * @param failed messages whose invocation failed (left for retry or the DLQ)
 * @param notS3Events messages that are not S3 event notifications (left for the DLQ)
 * @param testEvents {@code s3:TestEvent} messages (deleted)
 * @param returned messages received while stopping and handed straight back to the queue
 * @param inFlight messages being processed now
 */
public record MonitorStats(
        long received, long succeeded, long failed, long notS3Events, long testEvents, long returned, int inFlight) {

    @Override
    public String toString() {
        return "received=" + received + " succeeded=" + succeeded + " failed=" + failed
                + " not-s3-events=" + notS3Events + " test-events=" + testEvents + " returned=" + returned
                + " in-flight=" + inFlight;
    }
}
