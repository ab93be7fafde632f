package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * One CloudWatch metric alarm of {@link MetricAlarms}, tagged {@value ManagedTag#KEY}; {@code status} shows its state
 * (OK, ALARM, INSUFFICIENT_DATA). An alarm of the same name without the tag is not this tool's: it is reported and
 * left alone. One that differs from its definition is replaced (PutMetricAlarm overwrites it).
 */
public final class CloudWatchAlarm implements Resource {
    private final CloudWatchClient cloudWatch;
    private final MetricAlarms.Definition definition;
    private final Optional<String> topic;

    public CloudWatchAlarm(CloudWatchClient cloudWatch, MetricAlarms.Definition definition, Optional<String> topic) {
        this.cloudWatch = requireNonNull(cloudWatch, "cloudWatch");
        this.definition = requireNonNull(definition, "definition");
        this.topic = requireNonNull(topic, "topic");
    }

    @Override
    public String kind() {
        return "alarm";
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public ResourceState inspect() {
        Optional<MetricAlarm> current = current();
        if (current.isEmpty()) {
            return new ResourceState.Absent(wanted());
        }
        MetricAlarm alarm = current.get();
        if (!ManagedTag.isOn(tags(alarm))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("CloudWatch alarm " + alarm.alarmArn()));
        }
        List<String> differences = definition.differences(alarm, topic);
        return differences.isEmpty()
                ? new ResourceState.Present("state " + alarm.stateValueAsString() + ": " + wanted())
                : new ResourceState.Differs(differences);
    }

    @Override
    public String create() {
        cloudWatch.putMetricAlarm(definition.request(topic));
        return wanted();
    }

    @Override
    public String update(ResourceState.Differs current) {
        cloudWatch.putMetricAlarm(definition.request(topic));
        return wanted();
    }

    @Override
    public String delete() {
        cloudWatch.deleteAlarms(request -> request.alarmNames(definition.name()));
        return "";
    }

    private String wanted() {
        return definition.summary() + topic.map(arn -> ", notifies " + arn).orElse("");
    }

    private Optional<MetricAlarm> current() {
        return cloudWatch.describeAlarms(request -> request.alarmNames(definition.name())).metricAlarms().stream()
                .filter(alarm -> definition.name().equals(alarm.alarmName()))
                .findFirst();
    }

    private Map<String, String> tags(MetricAlarm alarm) {
        Map<String, String> tags = new HashMap<>();
        cloudWatch.listTagsForResource(request -> request.resourceARN(alarm.alarmArn())).tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }
}
