package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** The alarms exactly as PutMetricAlarm receives them, and their state, drift and ownership as DescribeAlarms shows. */
class MetricAlarmsTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:teachers";

    /** The alarms PutMetricAlarm made, as DescribeAlarms and ListTagsForResource answer them. */
    private static final class FakeCloudWatch implements CloudWatchClient {
        final Map<String, MetricAlarm> alarms = new java.util.LinkedHashMap<>();
        final Map<String, List<Tag>> tags = new java.util.HashMap<>();
        final List<PutMetricAlarmRequest> puts = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public PutMetricAlarmResponse putMetricAlarm(PutMetricAlarmRequest request) {
            puts.add(request);
            String arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + request.alarmName();
            alarms.put(request.alarmName(), MetricAlarm.builder()
                    .alarmName(request.alarmName()).alarmArn(arn).alarmDescription(request.alarmDescription())
                    .namespace(request.namespace()).metricName(request.metricName()).dimensions(request.dimensions())
                    .statistic(request.statistic()).period(request.period())
                    .evaluationPeriods(request.evaluationPeriods()).threshold(request.threshold())
                    .comparisonOperator(request.comparisonOperator()).treatMissingData(request.treatMissingData())
                    .actionsEnabled(request.actionsEnabled()).alarmActions(request.alarmActions())
                    .okActions(request.okActions()).stateValue(StateValue.INSUFFICIENT_DATA)
                    .build());
            tags.putIfAbsent(arn, request.tags());
            return PutMetricAlarmResponse.builder().build();
        }

        @Override
        public DescribeAlarmsResponse describeAlarms(Consumer<DescribeAlarmsRequest.Builder> request) {
            DescribeAlarmsRequest built = DescribeAlarmsRequest.builder().applyMutation(request).build();
            return DescribeAlarmsResponse.builder().metricAlarms(built.alarmNames().stream()
                    .filter(alarms::containsKey).map(alarms::get).toList()).build();
        }

        @Override
        public ListTagsForResourceResponse listTagsForResource(Consumer<ListTagsForResourceRequest.Builder> request) {
            ListTagsForResourceRequest built = ListTagsForResourceRequest.builder().applyMutation(request).build();
            return ListTagsForResourceResponse.builder().tags(tags.getOrDefault(built.resourceARN(), List.of())).build();
        }

        @Override
        public DeleteAlarmsResponse deleteAlarms(Consumer<DeleteAlarmsRequest.Builder> request) {
            DeleteAlarmsRequest built = DeleteAlarmsRequest.builder().applyMutation(request).build();
            deleted.addAll(built.alarmNames());
            built.alarmNames().forEach(alarms::remove);
            return DeleteAlarmsResponse.builder().build();
        }

        @Override
        public CloudWatchServiceClientConfiguration serviceClientConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String serviceName() {
            return "monitoring";
        }

        @Override
        public void close() {}
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    private static PutMetricAlarmRequest expected(String name, String description, String namespace, String metric,
            Dimension dimension, Statistic statistic, int evaluationPeriods, double threshold, ComparisonOperator comparison,
            String missing) {
        return PutMetricAlarmRequest.builder()
                .alarmName(name).alarmDescription(description).namespace(namespace).metricName(metric)
                .dimensions(dimension).statistic(statistic).period(300).evaluationPeriods(evaluationPeriods)
                .threshold(threshold).comparisonOperator(comparison).treatMissingData(missing).actionsEnabled(true)
                .alarmActions(TOPIC).okActions(TOPIC)
                .tags(Tag.builder().key("managed-by").value("smart-classroom").build())
                .build();
    }

    @Test
    void theFourAlarmsAreExactlyTheseRequests() {
        List<PutMetricAlarmRequest> requests = MetricAlarms.of(ResourceNames.DEFAULTS).stream()
                .map(definition -> definition.request(Optional.of(TOPIC)))
                .toList();

        assertThat(requests).containsExactly(
                expected("smart-classroom-requests-dlq-not-empty",
                        "smart-classroom: requests reached the dead-letter queue smart-classroom-requests-dlq",
                        "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                        dimension("QueueName", "smart-classroom-requests-dlq"), Statistic.MAXIMUM, 1, 0,
                        ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                expected("smart-classroom-face-recognition-errors",
                        "smart-classroom: the function smart-classroom-face-recognition returned errors",
                        "AWS/Lambda", "Errors", dimension("FunctionName", "smart-classroom-face-recognition"),
                        Statistic.SUM, 1, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                expected("smart-classroom-face-recognition-throttles",
                        "smart-classroom: the function smart-classroom-face-recognition was throttled",
                        "AWS/Lambda", "Throttles", dimension("FunctionName", "smart-classroom-face-recognition"),
                        Statistic.SUM, 1, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                expected("smart-classroom-requests-monitor-heartbeat",
                        "smart-classroom: the monitor of smart-classroom-requests has published no heartbeat for 10 minutes",
                        "SmartClassroom", "MonitorHeartbeat", dimension("QueueName", "smart-classroom-requests"),
                        Statistic.SUM, 2, 1, ComparisonOperator.LESS_THAN_THRESHOLD, "breaching"));
    }

    @Test
    void withoutATopicTheAlarmsNotifyNoOne() {
        PutMetricAlarmRequest request = MetricAlarms.of(ResourceNames.DEFAULTS).get(0).request(Optional.empty());
        assertThat(request.alarmActions()).isEmpty();
        assertThat(request.okActions()).isEmpty();
    }

    @Test
    void anAlarmIsCreatedThenPresentWithItsStateAndADriftedOneIsReplaced() {
        FakeCloudWatch cloudWatch = new FakeCloudWatch();
        MetricAlarms.Definition heartbeat = MetricAlarms.of(ResourceNames.DEFAULTS).get(3);
        CloudWatchAlarm alarm = new CloudWatchAlarm(cloudWatch, heartbeat, Optional.empty());

        assertThat(alarm.inspect()).isEqualTo(new ResourceState.Absent(
                "SmartClassroom MonitorHeartbeat Sum/300s < 1 (2 periods, missing breaching)"));
        alarm.create();
        assertThat(cloudWatch.puts).containsExactly(heartbeat.request(Optional.empty()));
        assertThat(alarm.inspect()).isEqualTo(new ResourceState.Present(
                "state INSUFFICIENT_DATA: SmartClassroom MonitorHeartbeat Sum/300s < 1 (2 periods, missing breaching)"));

        MetricAlarm current = cloudWatch.alarms.get(heartbeat.name());
        cloudWatch.alarms.put(heartbeat.name(), current.toBuilder().period(60).treatMissingData("notBreaching").build());
        CloudWatchAlarm notifying = new CloudWatchAlarm(cloudWatch, heartbeat, Optional.of(TOPIC));
        ResourceState state = notifying.inspect();
        assertThat(state).isEqualTo(new ResourceState.Differs(List.of(
                "period is 60, not 300",
                "missing data is notBreaching, not breaching",
                "alarm actions is [], not [" + TOPIC + "]",
                "OK actions is [], not [" + TOPIC + "]")));
        notifying.update((ResourceState.Differs) state);
        assertThat(notifying.inspect()).isInstanceOf(ResourceState.Present.class);

        notifying.delete();
        assertThat(cloudWatch.deleted).containsExactly("smart-classroom-requests-monitor-heartbeat");
        assertThat(notifying.inspect()).isInstanceOf(ResourceState.Absent.class);
    }

    @Test
    void anAlarmOfTheSameNameWithoutOurTagIsLeftAlone() {
        FakeCloudWatch cloudWatch = new FakeCloudWatch();
        MetricAlarms.Definition errors = MetricAlarms.of(ResourceNames.DEFAULTS).get(1);
        cloudWatch.putMetricAlarm(errors.request(Optional.empty()).toBuilder().tags(List.of()).build());

        ResourceState state = new CloudWatchAlarm(cloudWatch, errors, Optional.empty()).inspect();

        assertThat(state).isInstanceOf(ResourceState.Unmanaged.class);
        assertThat(((ResourceState.Unmanaged) state).note()).contains("has no tag managed-by=smart-classroom");
    }
}
