package io.smartclassroom.monitor;

/** Where the monitor's metrics go: CloudWatch on AWS, a log line on the local cloud. */
public interface MetricsPublisher {
    /** Publishes one interval's metrics with the heartbeat; throws when they could not be published. */
    void publish(MonitorMetrics metrics);
}
