package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

class QueueNotificationsTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:requests";

    @Test
    void oneObjectCreatedConfigurationPerSuffixToTheQueue() {
        List<QueueConfiguration> wanted = QueueNotifications.wanted("requests", QUEUE_ARN, List.of(".mp4", ".mov"));

        assertThat(wanted).hasSize(2);
        assertThat(wanted).extracting(QueueConfiguration::id).containsExactly("requests:.mp4", "requests:.mov");
        assertThat(wanted).allSatisfy(configuration -> {
            assertThat(configuration.queueArn()).isEqualTo(QUEUE_ARN);
            assertThat(configuration.eventsAsStrings()).containsExactly("s3:ObjectCreated:*");
            assertThat(configuration.filter().key().filterRules()).hasSize(1);
            assertThat(configuration.filter().key().filterRules().get(0).nameAsString()).isEqualToIgnoringCase("suffix");
        });
        assertThat(wanted.get(1).filter().key().filterRules().get(0).value()).isEqualTo(".mov");
    }

    @Test
    void replacingOursKeepsEveryOtherConfigurationOfTheBucket() {
        QueueConfiguration foreign = QueueConfiguration.builder()
                .id("audit").queueArn("arn:aws:sqs:us-east-1:123456789012:audit").events(Event.S3_OBJECT_REMOVED).build();
        TopicConfiguration topic = TopicConfiguration.builder()
                .id("topic").topicArn("arn:aws:sns:us-east-1:123456789012:t").events(Event.S3_OBJECT_CREATED).build();
        NotificationConfiguration current = NotificationConfiguration.builder()
                .queueConfigurations(foreign, QueueNotifications.wanted("requests", QUEUE_ARN, List.of(".avi")).get(0))
                .topicConfigurations(topic)
                .build();

        NotificationConfiguration replaced = QueueNotifications.replaceOurs(current, "requests",
                QueueNotifications.wanted("requests", QUEUE_ARN, List.of(".mp4")));
        NotificationConfiguration removed = QueueNotifications.replaceOurs(current, "requests", List.of());

        assertThat(replaced.queueConfigurations()).extracting(QueueConfiguration::id).containsExactly("audit", "requests:.mp4");
        assertThat(replaced.topicConfigurations()).containsExactly(topic);
        assertThat(removed.queueConfigurations()).containsExactly(foreign);
        assertThat(QueueNotifications.ours(current, "requests")).extracting(QueueConfiguration::id).containsExactly("requests:.avi");
    }

    @Test
    void configurationsAreComparedByMeaningInAnyOrderAndRuleNameCase() {
        List<QueueConfiguration> wanted = QueueNotifications.wanted("requests", QUEUE_ARN, List.of(".mp4", ".mov"));
        // S3 answers with "Suffix" for the "suffix" it was given
        List<QueueConfiguration> asReturned = List.of(
                wanted.get(1).toBuilder().filter(f -> f.key(k -> k.filterRules(FilterRule.builder().name("Suffix").value(".mov").build()))).build(),
                wanted.get(0));

        assertThat(QueueNotifications.same(wanted, asReturned)).isTrue();
        assertThat(QueueNotifications.same(wanted, wanted.subList(0, 1))).isFalse();
        assertThat(QueueNotifications.same(wanted, QueueNotifications.wanted("requests", QUEUE_ARN + "2", List.of(".mp4", ".mov")))).isFalse();
        assertThat(QueueNotifications.same(wanted, QueueNotifications.wanted("requests", QUEUE_ARN, List.of(".mp4", ".mkv")))).isFalse();
    }
}
