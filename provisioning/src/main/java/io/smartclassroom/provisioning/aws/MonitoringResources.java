package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.util.List;

/**
 * The CloudWatch alarms of {@link MetricAlarms}, after the compute resources. On the local cloud, which does not
 * emulate CloudWatch, each is one line that says so, and nothing is changed.
 */
public final class MonitoringResources {
    private MonitoringResources() {}

    public static List<Resource> of(ProvisioningConfig config, CloudClients clients) {
        requireNonNull(config, "config");
        requireNonNull(clients, "clients");
        return MetricAlarms.of(config.names()).stream()
                .<Resource>map(definition -> {
                    if (config.localCloud()) {
                        return new UnavailableResource("alarm", definition.name(),
                                ComputeResources.LOCAL_CLOUD + "CloudWatch; nothing changed");
                    }
                    return clients.cloudWatch()
                            .<Resource>map(cloudWatch -> new CloudWatchAlarm(cloudWatch, definition, config.alarmTopicArn()))
                            .orElseGet(() -> new UnavailableResource("alarm", definition.name(),
                                    "not managed: no CloudWatch client here"));
                })
                .toList();
    }
}
