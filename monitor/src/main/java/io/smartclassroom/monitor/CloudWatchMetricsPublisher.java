package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.MetricNames;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The metrics through CloudWatch's PutMetricData: one request per interval in namespace
 * {@value MetricNames#NAMESPACE}, every datum with the one dimension {@value MetricNames#QUEUE_NAME}, unit Count.
 * The monitor's IAM policy allows PutMetricData in that namespace only.
 */
public final class CloudWatchMetricsPublisher implements MetricsPublisher {
    private final CloudWatchClient cloudWatch;

    public CloudWatchMetricsPublisher(CloudWatchClient cloudWatch) {
        this.cloudWatch = requireNonNull(cloudWatch, "cloudWatch");
    }

    @Override
    public void publish(MonitorMetrics metrics) {
        cloudWatch.putMetricData(request(metrics));
    }

    /** The request for one interval; the dead-letter depth is left out when it is not known. */
    static PutMetricDataRequest request(MonitorMetrics metrics) {
        requireNonNull(metrics, "metrics");
        Dimension queue = Dimension.builder().name(MetricNames.QUEUE_NAME).value(metrics.queueName()).build();
        List<MetricDatum> data = new ArrayList<>();
        add(data, queue, metrics, MetricNames.MESSAGES_RECEIVED, metrics.received());
        add(data, queue, metrics, MetricNames.MESSAGES_SUCCEEDED, metrics.succeeded());
        add(data, queue, metrics, MetricNames.MESSAGES_FAILED, metrics.failed());
        add(data, queue, metrics, MetricNames.MESSAGES_REDELIVERED, metrics.redelivered());
        add(data, queue, metrics, MetricNames.MESSAGES_IN_FLIGHT, metrics.inFlight());
        if (metrics.deadLetterDepth().isPresent()) {
            add(data, queue, metrics, MetricNames.DEAD_LETTER_QUEUE_DEPTH, metrics.deadLetterDepth().getAsLong());
        }
        add(data, queue, metrics, MetricNames.MONITOR_HEARTBEAT, 1);
        return PutMetricDataRequest.builder().namespace(MetricNames.NAMESPACE).metricData(data).build();
    }

    private static void add(List<MetricDatum> data, Dimension queue, MonitorMetrics metrics, String name, double value) {
        data.add(MetricDatum.builder()
                .metricName(name)
                .dimensions(queue)
                .timestamp(metrics.time())
                .unit(StandardUnit.COUNT)
                .value(value)
                .build());
    }
}
