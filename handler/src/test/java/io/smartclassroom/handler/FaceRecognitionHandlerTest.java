package io.smartclassroom.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.handler.pipeline.AttendanceWriter;
import io.smartclassroom.handler.pipeline.EventValidator;
import io.smartclassroom.handler.pipeline.RecognizerPool;
import io.smartclassroom.handler.pipeline.ScriptedRecognizer;
import io.smartclassroom.handler.pipeline.StudentDirectory;
import io.smartclassroom.handler.pipeline.StudentRecord;
import io.smartclassroom.handler.pipeline.VideoFetcher;
import io.smartclassroom.handler.pipeline.VideoPipeline;
import io.smartclassroom.handler.pipeline.VideoProcessingException;
import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.recognition.RecognitionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The handler's payload handling against S3 and DynamoDB emulators, with a scripted recognizer in place
 * of the face engine ({@link FaceRecognitionHandlerEndToEndTest} uses the real one).
 */
class FaceRecognitionHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3EventNotifications EVENTS = new S3EventNotifications();

    private static LocalAws aws;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;
    private static ScriptedRecognizer recognizer;
    private static RecognizerPool recognizers;
    private static FaceRecognitionHandler handler;

    @TempDir
    static Path tempDir;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start();
        s3 = aws.s3Client();
        dynamoDb = aws.dynamoDbClient();
        s3.createBucket(b -> b.bucket("input"));
        s3.createBucket(b -> b.bucket("output"));
        LocalAws.createStudentsTable(dynamoDb, "students", "name-index", ProjectionType.KEYS_ONLY);
        LocalAws.putStudent(dynamoDb, "students", 2, new StudentRecord("president_biden", "history", "sophomore"));
        LocalAws.putStudent(dynamoDb, "students", 6, new StudentRecord("morgan_freeman", "math", "senior"));

        recognizer = new ScriptedRecognizer()
                .when("biden clip", ScriptedRecognizer.students("president_biden"))
                .when("freeman clip", ScriptedRecognizer.students("morgan_freeman"))
                .when("empty clip", new RecognitionResult(List.of(), 3, 0, 0, "no face found in 3 frames"));
        recognizers = new RecognizerPool(1, () -> recognizer);
        handler = new FaceRecognitionHandler(new VideoPipeline(
                new VideoFetcher(s3, tempDir),
                recognizers,
                new StudentDirectory(dynamoDb, "students", "name-index"),
                new AttendanceWriter(s3, "output"),
                ScriptedRecognizer.MODEL), new EventValidator("input", InputLimits.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        if (recognizers != null) {
            recognizers.close();
        }
        if (s3 != null) {
            s3.close();
            dynamoDb.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** The ETag of each uploaded key, for the events that name it. */
    private static final Map<String, String> ETAGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static S3ObjectRef upload(String key, String content) {
        ETAGS.put(key, s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString(content)).eTag());
        return new S3ObjectRef("input", key, content.length());
    }

    private static String csv(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("output").key(key)).asUtf8String();
    }

    /** One notification with a record per (event name, object), as S3 would send it. */
    private static String notification(Object... eventNamesAndObjects) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < eventNamesAndObjects.length; i += 2) {
            String single = EVENTS.objectCreated((String) eventNamesAndObjects[i], (S3ObjectRef) eventNamesAndObjects[i + 1],
                    ETAGS.get(((S3ObjectRef) eventNamesAndObjects[i + 1]).key()), "us-east-1", Instant.parse("2024-05-01T10:00:00Z"));
            records.add(JSON.readTree(single).get("Records").get(0));
        }
        return JSON.writeValueAsString(root);
    }

    private static JsonNode invoke(String payload) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    @Test
    void everyObjectCreatedRecordBecomesOneCsvAndTheResultDescribesEach() throws Exception {
        S3ObjectRef biden = upload("day1/test_1.mp4", "biden clip");
        S3ObjectRef empty = upload("day1/empty.mp4", "empty clip");

        JsonNode result = invoke(notification("ObjectCreated:Put", biden, "ObjectCreated:CompleteMultipartUpload", empty));

        assertThat(csv("day1/test_1.csv")).isEqualTo("name,major,year\npresident_biden,history,sophomore\n");
        assertThat(csv("day1/empty.csv")).isEqualTo("name,major,year\n");
        assertThat(result.get("videos")).hasSize(2);
        JsonNode first = result.get("videos").get(0);
        assertThat(first.get("key").asText()).isEqualTo("day1/test_1.mp4");
        assertThat(first.get("outputKey").asText()).isEqualTo("day1/test_1.csv");
        assertThat(first.get("outputBucket").asText()).isEqualTo("output");
        assertThat(first.get("students")).extracting(JsonNode::asText).containsExactly("president_biden");
        assertThat(first.get("framesExamined").asInt()).isEqualTo(4);
        assertThat(first.get("reason").asText()).isEmpty();
        JsonNode second = result.get("videos").get(1);
        assertThat(second.get("outcome").asText()).isEqualTo("no-students");
        assertThat(second.get("students")).isEmpty();
        assertThat(second.get("reason").asText()).isEqualTo("no face found in 3 frames");
        assertThat(result.get("ignored")).isEmpty();
    }

    @Test
    void aUrlEncodedKeyIsDecodedAndTheCsvKeepsTheName() throws Exception {
        S3ObjectRef video = upload("my class,1 ü.mp4", "freeman clip");
        String payload = notification("ObjectCreated:Put", video);
        assertThat(payload).contains("\"key\":\"my+class%2C1+%C3%BC.mp4\"");

        JsonNode result = invoke(payload);

        assertThat(csv("my class,1 ü.csv")).isEqualTo("name,major,year\nmorgan_freeman,math,senior\n");
        assertThat(result.at("/videos/0/outputKey").asText()).isEqualTo("my class,1 ü.csv");
    }

    @Test
    void anS3TestEventIsAcknowledgedAndIgnored() throws Exception {
        JsonNode result = invoke("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-05-01T10:00:00.000Z\","
                + "\"Bucket\":\"input\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw\"}");

        assertThat(result.get("videos")).isEmpty();
        assertThat(result.at("/ignored/0/event").asText()).isEqualTo("s3:TestEvent");
        assertThat(result.at("/ignored/0/bucket").asText()).isEqualTo("input");
        assertThat(result.at("/ignored/0/reason").asText()).contains("nothing to do");
    }

    @Test
    void recordsOtherThanObjectCreatedAreIgnoredWithTheReason() throws Exception {
        S3ObjectRef removed = new S3ObjectRef("input", "old.mp4", 0);
        S3ObjectRef folder = new S3ObjectRef("input", "day2/", 0);

        JsonNode result = invoke(notification("ObjectRemoved:Delete", removed, "ObjectCreated:Put", folder));

        assertThat(result.get("videos")).isEmpty();
        assertThat(result.get("ignored")).hasSize(2);
        assertThat(result.at("/ignored/0/event").asText()).isEqualTo("ObjectRemoved:Delete");
        assertThat(result.at("/ignored/0/key").asText()).isEqualTo("old.mp4");
        assertThat(result.at("/ignored/1/reason").asText()).contains("folder");
        assertThatThrownBy(() -> csv("old.csv")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aPayloadThatIsNotAnS3EventIsAFunctionErrorThatSaysSo() {
        for (String payload : new String[] {"{\"hello\":\"world\"}", "[1,2]", "not json", "{\"Records\":[]}", "{\"Records\":[{\"s3\":{}}]}"}) {
            assertThatThrownBy(() -> invoke(payload))
                    .as(payload)
                    .isInstanceOf(VideoRejectedException.class)
                    .hasMessageStartingWith("invalid-event: payload is not an S3 event notification: ");
        }
    }

    @Test
    void anUndecodableVideoAloneFailsTheInvocationWithItsOwnErrorAndNoCsv() throws Exception {
        S3ObjectRef broken = upload("broken.mp4", "this is a text file");

        assertThatThrownBy(() -> invoke(notification("ObjectCreated:Put", broken)))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessage("undecodable: s3://input/broken.mp4 is not a video container FFmpeg knows (19 bytes)");
        assertThatThrownBy(() -> csv("broken.csv")).isInstanceOf(NoSuchKeyException.class);
        assertThat(MDC.get(FaceRecognitionHandler.MDC_VIDEO_KEY)).isNull();
    }

    @Test
    void logLinesDuringAnInvocationCarryTheRequestIdAndTheVideoKey() throws Exception {
        S3ObjectRef video = upload("mdc/test_6.mp4", "freeman clip");
        Context context = (Context) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "request-42";
                    case "getRemainingTimeInMillis" -> 900_000;
                    default -> null;
                });
        MDC.put(FaceRecognitionHandler.MDC_REQUEST_ID, "outer");
        int before = recognizer.loggingContexts().size();
        try {
            handler.handleRequest(new ByteArrayInputStream(notification("ObjectCreated:Put", video).getBytes(UTF_8)),
                    new ByteArrayOutputStream(), context);

            assertThat(recognizer.loggingContexts().subList(before, recognizer.loggingContexts().size()))
                    .singleElement()
                    .isEqualTo(Map.of("requestId", "request-42", "videoKey", "mdc/test_6.mp4"));
            assertThat(MDC.get(FaceRecognitionHandler.MDC_REQUEST_ID)).as("the caller's value is back").isEqualTo("outer");
            assertThat(MDC.get(FaceRecognitionHandler.MDC_VIDEO_KEY)).isNull();
        } finally {
            MDC.clear();
        }
    }

    @Test
    void aBadVideoAmongGoodOnesFailsTheInvocationAfterTheGoodOnesAreWritten() throws Exception {
        S3ObjectRef good = upload("batch/good.mp4", "biden clip");
        S3ObjectRef bad = upload("batch/bad.mp4", "garbage");
        S3ObjectRef missing = new S3ObjectRef("input", "batch/missing.mp4", 5);

        assertThatThrownBy(() -> invoke(notification("ObjectCreated:Put", bad, "ObjectCreated:Put", good, "ObjectCreated:Put", missing)))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessageStartingWith("undecodable: 2 of 3 videos rejected (1 written): ")
                .hasMessageContaining("undecodable: s3://input/batch/bad.mp4 is not a video container FFmpeg knows")
                .hasMessageContaining("not-found: input video s3://input/batch/missing.mp4 does not exist")
                .hasCauseInstanceOf(VideoRejectedException.class);
        assertThat(csv("batch/good.csv")).isEqualTo("name,major,year\npresident_biden,history,sophomore\n");
    }
}
