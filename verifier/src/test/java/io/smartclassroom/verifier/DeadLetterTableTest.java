package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DeadLetterTableTest {
    private static final S3EventNotifications EVENTS = new S3EventNotifications();

    @Test
    void anEmptyQueueHasNoTableAndSaysZero() {
        DeadLetterTable table = new DeadLetterTable(List.of());

        assertThat(table.lines()).isEmpty();
        assertThat(table.summary()).isEqualTo("0 messages in the dead-letter queue");
    }

    @Test
    void keysAreDecodedNeverInTheFirstColumnAndFollowedByTheKind() {
        DeadLetter poison = letter("1", event("poison/my clip.mp4"), Map.of(DeadLetterAttributes.KIND, "undecodable",
                DeadLetterAttributes.REASON, "not a video\ncontainer", DeadLetterAttributes.RECEIVE_COUNT, "1"), 1);
        DeadLetter test = letter("2", "{\"Event\":\"s3:TestEvent\",\"Bucket\":\"in\"}", Map.of(), 4);

        DeadLetterTable table = new DeadLetterTable(List.of(poison, test));

        assertThat(table.lines()).containsExactly(
                "RECEIVES  VIDEO               KIND         ERROR-TYPE  FAILED-AT  REQUEST-ID  REASON",
                "1         poison/my clip.mp4  undecodable  -           -          -           not a video container",
                "~4        -                   unknown      -           -          -           -");
        assertThat(table.summary()).isEqualTo("2 messages in the dead-letter queue: undecodable 1, unknown 1");
    }

    @Test
    void aRedriveKeepsTheMessagesOwnAttributesOnly() {
        DeadLetter letter = letter("1", event("a.mp4"), Map.of(DeadLetterAttributes.KIND, "function-error",
                DeadLetterAttributes.SOURCE_QUEUE, "http://q", DeadLetterAttributes.REQUEST_ID, "r", "trace", "t"), 2);

        assertThat(letter.originalAttributes()).containsOnlyKeys("trace");
        assertThat(letter.isFor("a.mp4")).isTrue();
        assertThat(letter.isFor("b.mp4")).isFalse();
    }

    private static String event(String key) {
        return EVENTS.objectCreated("ObjectCreated:Put", new S3ObjectRef("in", key, 1), null, "us-east-1", Instant.EPOCH);
    }

    private static DeadLetter letter(String id, String body, Map<String, String> attributes, int receives) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return DeadLetter.of(Message.builder().messageId(id).receiptHandle("h" + id).body(body).messageAttributes(values)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receives))).build(), EVENTS);
    }
}
