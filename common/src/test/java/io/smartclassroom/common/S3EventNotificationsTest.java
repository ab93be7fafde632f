package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3EventNotificationsTest {
    private static final String PUT = "\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",";
    private final S3EventNotifications events = new S3EventNotifications();

    @Test
    void parsesAnAwsObjectCreatedEventAndDecodesItsKey() throws Exception {
        String body = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                  "eventTime":"2026-11-28T01:00:00.000Z","eventName":"ObjectCreated:Put",
                  "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"in","arn":"arn:aws:s3:::in"},
                        "object":{"key":"week+1/a+b%2C%C3%BC.mp4","size":1234,"eTag":"abc",
                                  "versionId":"v7","sequencer":"0055AED6DCD90281E5"}}}]}
                """;

        S3Message message = events.parse(body);

        assertThat(message).isEqualTo(new S3Message.ObjectEvents(java.util.List.of(
                new S3Message.ObjectEvent("ObjectCreated:Put", new S3ObjectRef("in", "week 1/a b,ü.mp4", 1234),
                        Optional.of("abc"), Optional.of("v7"), Optional.of(new S3Sequencer("0055AED6DCD90281E5"))))));
        S3Message.ObjectEvent event = ((S3Message.ObjectEvents) message).records().get(0);
        assertThat(event.isObjectCreated()).isTrue();
        assertThat(event.object().fileName()).isEqualTo("a b,ü.mp4");
    }

    @Test
    void recognisesTheTestEventS3SendsWhenANotificationIsConfigured() throws Exception {
        String body = """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-28T01:00:00.000Z",
                 "Bucket":"in","RequestId":"R","HostId":"H"}""";

        assertThat(events.parse(body)).isEqualTo(new S3Message.TestEvent("in"));
    }

    @Test
    void refusesBodiesThatAreNotS3Events() {
        assertThatThrownBy(() -> events.parse("hello")).isInstanceOf(S3EventFormatException.class)
                .hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> events.parse("[1,2]")).isInstanceOf(S3EventFormatException.class)
                .hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> events.parse("{\"Records\":[]}")).isInstanceOf(S3EventFormatException.class)
                .hasMessageContaining("no \"Records\"");
        assertThatThrownBy(() -> events.parse("{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"in\"}}}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessageContaining("record 0 has no s3.bucket.name or s3.object.key");
        assertThatThrownBy(() -> events.parse(
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"in\"},\"object\":{\"key\":\"bad%zz\"}}}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessageContaining("badly encoded key");
    }

    @Test
    void writesWhatItReadsWithTheKeyEncodedAsS3EncodesIt() throws Exception {
        S3ObjectRef object = new S3ObjectRef("in", "class 2/clip,ü+1.mp4", 42);

        String json = events.objectCreated("ObjectCreated:Put", object, "\"etag\"", "us-east-1",
                Instant.parse("2026-11-28T01:02:03Z"));

        assertThat(json).contains("\"key\":\"class+2/clip%2C%C3%BC%2B1.mp4\"")
                .contains("\"eventTime\":\"2026-11-28T01:02:03Z\"")
                .contains("\"eTag\":\"etag\"")
                .contains("\"arn\":\"arn:aws:s3:::in\"");
        assertThat(events.parse(json)).isEqualTo(new S3Message.ObjectEvents(java.util.List.of(
                new S3Message.ObjectEvent("ObjectCreated:Put", object, Optional.of("etag"), Optional.empty(),
                        Optional.of(new S3Sequencer(Long.toHexString(Instant.parse("2026-11-28T01:02:03Z").toEpochMilli())))))));
    }

    @Test
    void anEventWithoutVersionFieldsNamesNoVersionAndABadSequencerIsRefused() throws Exception {
        S3Message plain = events.parse("{\"Records\":[{" + PUT + "\"s3\":{\"bucket\":{\"name\":\"in\"},\"object\":{\"key\":\"a.mp4\"}}}]}");
        S3Message.ObjectEvent event = ((S3Message.ObjectEvents) plain).records().get(0);
        assertThat(event.eTag()).isEmpty();
        assertThat(event.versionId()).isEmpty();
        assertThat(event.sequencer()).isEmpty();

        assertThatThrownBy(() -> events.parse(
                "{\"Records\":[{" + PUT + "\"s3\":{\"bucket\":{\"name\":\"in\"},\"object\":{\"key\":\"a.mp4\",\"sequencer\":\"xyz\"}}}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessageContaining("record 0 has an s3.object.sequencer that is not hexadecimal: xyz");
    }

    @Test
    void aRecordMustComeFromS3AndNameItsEvent() {
        String object = "\"s3\":{\"bucket\":{\"name\":\"in\"},\"object\":{\"key\":\"a+b.mp4\"}}";
        assertThatThrownBy(() -> events.parse("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"," + object + "}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessage("record 0 of s3://in/a b.mp4 has eventSource missing, not aws:s3");
        assertThatThrownBy(() -> events.parse(
                "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"eventName\":\"ObjectCreated:Put\"," + object + "}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessage("record 0 of s3://in/a b.mp4 has eventSource 'aws:sqs', not aws:s3");
        assertThatThrownBy(() -> events.parse("{\"Records\":[{\"eventSource\":\"aws:s3\"," + object + "}]}"))
                .as("a missing eventName is no longer taken for ObjectCreated:Put")
                .isInstanceOf(S3EventFormatException.class)
                .hasMessage("record 0 of s3://in/a b.mp4 has no eventName (e.g. ObjectCreated:Put)");
    }

    @Test
    void aRecordWhoseFieldsHaveTheWrongTypesIsNotAnS3Event() {
        assertThatThrownBy(() -> events.parse("{\"Records\":[{" + PUT
                + "\"s3\":{\"bucket\":{\"name\":\"in\"},\"object\":{\"key\":\"a.mp4\",\"size\":\"big\"}}}]}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessageStartingWith("body is not an S3 event notification: ")
                .hasMessageContaining("size");
        assertThatThrownBy(() -> events.parse("{\"Records\":{\"a\":1}}"))
                .isInstanceOf(S3EventFormatException.class)
                .hasMessageContaining("Records");
    }

    @Test
    void writesTheSequencerItIsGiven() throws Exception {
        String json = events.objectCreated("ObjectCreated:Put", new S3ObjectRef("in", "a.mp4", 1), "e",
                new S3Sequencer("00000000000000FF"), "us-east-1", Instant.EPOCH);

        assertThat(((S3Message.ObjectEvents) events.parse(json)).records().get(0).sequencer())
                .contains(new S3Sequencer("00000000000000ff"));
    }

    @Test
    void anObjectReferenceNeedsABucketAndAKey() {
        assertThatThrownBy(() -> new S3ObjectRef("", "k", 0)).hasMessage("bucket is empty");
        assertThatThrownBy(() -> new S3ObjectRef("b", "", 0)).hasMessage("key is empty");
        assertThat(new S3ObjectRef("b", "a/b/c.mp4", 0)).hasToString("s3://b/a/b/c.mp4");
    }
}
