package io.smartclassroom.monitor;

/**
 * Counts since the monitor started.
 *
 * @param received messages received from the queue
 * @param succeeded messages the function processed successfully (deleted)
 * @param failed invocations that ended in a function error (retried after a back-off, or dead-lettered)
 * @param notS3Events messages that are not S3 event notifications (moved to the dead-letter queue)
 * @param testEvents {@code s3:TestEvent} messages (deleted)
 * @param returned messages handed back to the queue (visible at once) because the monitor stopped
 * @param deadLettered messages the monitor moved to the dead-letter queue
 * @param throttled invocations Lambda throttled (429); not counted as failures
 * @param unavailable invocations that did not reach the function; not counted as failures
 * @param inFlight messages held now (being processed or waiting to be retried)
 * @param inFlightLimit the adaptive limit on messages in flight now
 */
public record MonitorStats(
        long received, long succeeded, long failed, long notS3Events, long testEvents, long returned,
        long deadLettered, long throttled, long unavailable, int inFlight, int inFlightLimit) {

    @Override
    public String toString() {
        return "received=" + received + " succeeded=" + succeeded + " failed=" + failed
                + " dead-lettered=" + deadLettered + " not-s3-events=" + notS3Events + " test-events=" + testEvents
                + " throttled=" + throttled + " unavailable=" + unavailable + " returned=" + returned
                + " in-flight=" + inFlight + " limit=" + inFlightLimit;
    }
}
