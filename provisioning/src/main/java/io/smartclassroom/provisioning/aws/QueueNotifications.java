package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;

/**
 * The queue configurations of a bucket notification that send ObjectCreated events of videos to the
 * queue. S3 allows one suffix filter per configuration, so there is one configuration per suffix; their
 * ids start with {@code <queue name>:} so that other configurations of the bucket are left alone.
 */
public final class QueueNotifications {
    private QueueNotifications() {}

    public static String idPrefix(String queueName) {
        return requireNonNull(queueName, "queueName") + ":";
    }

    /** One configuration per suffix: {@code s3:ObjectCreated:*} of keys ending with it, to the queue. */
    public static List<QueueConfiguration> wanted(String queueName, String queueArn, List<String> suffixes) {
        requireNonNull(queueArn, "queueArn");
        List<QueueConfiguration> configurations = new ArrayList<>();
        for (String suffix : suffixes) {
            configurations.add(QueueConfiguration.builder()
                    .id(idPrefix(queueName) + suffix)
                    .queueArn(queueArn)
                    .events(Event.S3_OBJECT_CREATED)
                    .filter(filter -> filter.key(key -> key.filterRules(FilterRule.builder()
                            .name(FilterRuleName.SUFFIX)
                            .value(suffix)
                            .build())))
                    .build());
        }
        return List.copyOf(configurations);
    }

    /** The configurations of {@code current} that this tool manages for the queue. */
    public static List<QueueConfiguration> ours(NotificationConfiguration current, String queueName) {
        return current.queueConfigurations().stream()
                .filter(configuration -> configuration.id() != null && configuration.id().startsWith(idPrefix(queueName)))
                .toList();
    }

    /** {@code current} with this tool's configurations replaced by {@code wanted}; everything else kept. */
    public static NotificationConfiguration replaceOurs(
            NotificationConfiguration current, String queueName, List<QueueConfiguration> wanted) {
        List<QueueConfiguration> queueConfigurations = new ArrayList<>(current.queueConfigurations().stream()
                .filter(configuration -> configuration.id() == null || !configuration.id().startsWith(idPrefix(queueName)))
                .toList());
        queueConfigurations.addAll(wanted);
        return NotificationConfiguration.builder()
                .queueConfigurations(queueConfigurations)
                .topicConfigurations(current.topicConfigurations())
                .lambdaFunctionConfigurations(current.lambdaFunctionConfigurations())
                .eventBridgeConfiguration(current.eventBridgeConfiguration())
                .build();
    }

    /** Whether two lists of configurations mean the same (ids, queue, events, suffix), in any order. */
    public static boolean same(List<QueueConfiguration> a, List<QueueConfiguration> b) {
        return a.size() == b.size() && meaning(a).equals(meaning(b));
    }

    private record Meaning(String id, String queueArn, Set<String> events, Set<String> rules) {}

    private static Set<Meaning> meaning(List<QueueConfiguration> configurations) {
        Set<Meaning> result = new HashSet<>();
        for (QueueConfiguration configuration : configurations) {
            Set<String> rules = new HashSet<>();
            if (configuration.filter() != null && configuration.filter().key() != null) {
                for (FilterRule rule : configuration.filter().key().filterRules()) {
                    // S3 answers "Suffix" for the "suffix" it was given.
                    rules.add(rule.nameAsString().toLowerCase(Locale.ROOT) + "=" + rule.value());
                }
            }
            result.add(new Meaning(configuration.id(), configuration.queueArn(),
                    new HashSet<>(configuration.eventsAsStrings()), rules));
        }
        return result;
    }
}
