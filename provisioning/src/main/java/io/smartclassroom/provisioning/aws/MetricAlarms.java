package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.MetricNames;
import io.smartclassroom.common.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * The pipeline's CloudWatch alarms, as data:
 * <ul>
 *   <li>{@code <dead-letter-queue>-not-empty}: a request reached the dead-letter queue (AWS/SQS
 *       ApproximateNumberOfMessagesVisible, maximum over 5 minutes, above 0);</li>
 *   <li>{@code <function>-errors} and {@code <function>-throttles}: the function failed or was throttled (AWS/Lambda
 *       Errors, Throttles, sum over 5 minutes, above 0);</li>
 *   <li>{@code <queue>-monitor-heartbeat}: the monitor has not published its heartbeat
 *       ({@value MetricNames#NAMESPACE} {@value MetricNames#MONITOR_HEARTBEAT}, sum over 5 minutes below 1 for two
 *       periods in a row; missing data is breaching, so a monitor that never started or died alarms too).</li>
 * </ul>
 * Each notifies the {@code alarm.topic-arn} topic when set, on ALARM and on OK.
 */
public final class MetricAlarms {
    static final int FIVE_MINUTES = 300;

    private MetricAlarms() {}

    /** One alarm on one metric. {@code treatMissingData} is CloudWatch's word: breaching, notBreaching, ... */
    public record Definition(
            String name,
            String description,
            String namespace,
            String metric,
            Map<String, String> dimensions,
            Statistic statistic,
            int periodSeconds,
            int evaluationPeriods,
            double threshold,
            ComparisonOperator comparison,
            String treatMissingData) {
        public Definition {
            requireNonNull(name, "name");
            requireNonNull(description, "description");
            requireNonNull(namespace, "namespace");
            requireNonNull(metric, "metric");
            dimensions = Map.copyOf(new LinkedHashMap<>(requireNonNull(dimensions, "dimensions")));
            requireNonNull(statistic, "statistic");
            requireNonNull(comparison, "comparison");
            requireNonNull(treatMissingData, "treatMissingData");
        }

        /** The PutMetricAlarm request that makes (or replaces) it, notifying {@code topic} when there is one. */
        public PutMetricAlarmRequest request(Optional<String> topic) {
            requireNonNull(topic, "topic");
            return PutMetricAlarmRequest.builder()
                    .alarmName(name)
                    .alarmDescription(description)
                    .namespace(namespace)
                    .metricName(metric)
                    .dimensions(dimensionList())
                    .statistic(statistic)
                    .period(periodSeconds)
                    .evaluationPeriods(evaluationPeriods)
                    .threshold(threshold)
                    .comparisonOperator(comparison)
                    .treatMissingData(treatMissingData)
                    .actionsEnabled(true)
                    .alarmActions(topic.map(List::of).orElse(List.of()))
                    .okActions(topic.map(List::of).orElse(List.of()))
                    .tags(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build())
                    .build();
        }

        private List<Dimension> dimensionList() {
            return dimensions.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> Dimension.builder().name(entry.getKey()).value(entry.getValue()).build())
                    .toList();
        }

        /** What differs between the alarm CloudWatch has and this definition, as short phrases. */
        public List<String> differences(MetricAlarm current, Optional<String> topic) {
            List<String> differences = new ArrayList<>();
            differ(differences, "namespace", current.namespace(), namespace);
            differ(differences, "metric", current.metricName(), metric);
            Map<String, String> currentDimensions = new LinkedHashMap<>();
            current.dimensions().forEach(dimension -> currentDimensions.put(dimension.name(), dimension.value()));
            differ(differences, "dimensions", currentDimensions, dimensions);
            differ(differences, "statistic", current.statistic(), statistic);
            differ(differences, "period", current.period(), periodSeconds);
            differ(differences, "evaluation periods", current.evaluationPeriods(), evaluationPeriods);
            differ(differences, "threshold", current.threshold(), threshold);
            differ(differences, "comparison", current.comparisonOperator(), comparison);
            differ(differences, "missing data", current.treatMissingData(), treatMissingData);
            List<String> actions = topic.map(List::of).orElse(List.of());
            differ(differences, "alarm actions", current.alarmActions(), actions);
            differ(differences, "OK actions", current.okActions(), actions);
            if (!Boolean.TRUE.equals(current.actionsEnabled()) && topic.isPresent()) {
                differences.add("actions disabled");
            }
            return differences;
        }

        private static void differ(List<String> differences, String what, Object current, Object wanted) {
            if (!Objects.equals(current, wanted)) {
                differences.add(what + " is " + current + ", not " + wanted);
            }
        }

        /** {@code AWS/Lambda Errors Sum/300s > 0.0 (1 period, missing notBreaching)}. */
        public String summary() {
            String operator = switch (comparison) {
                case GREATER_THAN_THRESHOLD -> ">";
                case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> ">=";
                case LESS_THAN_THRESHOLD -> "<";
                case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> "<=";
                default -> comparison.toString();
            };
            return namespace + " " + metric + " " + statistic + "/" + periodSeconds + "s " + operator + " "
                    + (threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold))
                    + " (" + evaluationPeriods + (evaluationPeriods == 1 ? " period" : " periods") + ", missing "
                    + treatMissingData + ")";
        }
    }

    /** The four alarms for these names. */
    public static List<Definition> of(ResourceNames names) {
        requireNonNull(names, "names");
        return List.of(
                new Definition(names.deadLetterQueue() + "-not-empty",
                        "smart-classroom: requests reached the dead-letter queue " + names.deadLetterQueue(),
                        "AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", names.deadLetterQueue()),
                        Statistic.MAXIMUM, FIVE_MINUTES, 1, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                new Definition(names.function() + "-errors",
                        "smart-classroom: the function " + names.function() + " returned errors",
                        "AWS/Lambda", "Errors", Map.of("FunctionName", names.function()),
                        Statistic.SUM, FIVE_MINUTES, 1, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                new Definition(names.function() + "-throttles",
                        "smart-classroom: the function " + names.function() + " was throttled",
                        "AWS/Lambda", "Throttles", Map.of("FunctionName", names.function()),
                        Statistic.SUM, FIVE_MINUTES, 1, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, "notBreaching"),
                new Definition(names.queue() + "-monitor-heartbeat",
                        "smart-classroom: the monitor of " + names.queue() + " has published no heartbeat for 10 minutes",
                        MetricNames.NAMESPACE, MetricNames.MONITOR_HEARTBEAT, Map.of(MetricNames.QUEUE_NAME, names.queue()),
                        Statistic.SUM, FIVE_MINUTES, 2, 1, ComparisonOperator.LESS_THAN_THRESHOLD, "breaching"));
    }
}
