package io.smartclassroom.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.common.ResultMetadata;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.common.VideoRejectedException.Reason;
import io.smartclassroom.handler.face.TestAssets;
import io.smartclassroom.handler.pipeline.AttendanceWriter;
import io.smartclassroom.handler.pipeline.EventValidator;
import io.smartclassroom.handler.pipeline.RecognizerPool;
import io.smartclassroom.handler.pipeline.StudentDirectory;
import io.smartclassroom.handler.pipeline.StudentRecord;
import io.smartclassroom.handler.pipeline.VideoFetcher;
import io.smartclassroom.handler.pipeline.VideoPipeline;
import io.smartclassroom.handler.recognition.InputLimits;
import io.smartclassroom.handler.recognition.RecognitionResult;
import io.smartclassroom.handler.pipeline.ScriptedRecognizer;
import io.smartclassroom.handler.video.VideoAnalysis;
import io.smartclassroom.handler.recognition.VideoRecognizer;
import io.smartclassroom.handler.video.TimeRange;
import io.smartclassroom.handler.video.VideoFrameSampler;
import io.smartclassroom.handler.video.VideoSamplingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Hostile events and inputs against the function on the local S3 and DynamoDB: records for other buckets, events
 * not from S3, too many records, objects and videos over the limits (rejected before download or before decoding),
 * and a long non-ASCII key whose CSV metadata must stay within S3's 2 KB.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3EventNotifications EVENTS = new S3EventNotifications();

    private static LocalAws aws;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;

    @TempDir
    Path tempDir;

    private final List<RecognizerPool> pools = new ArrayList<>();
    private final AtomicInteger recognised = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start();
        s3 = aws.s3Client();
        dynamoDb = aws.dynamoDbClient();
        for (String bucket : List.of("input", "other", "output")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        LocalAws.createStudentsTable(dynamoDb, "students", "name-index", ProjectionType.KEYS_ONLY);
        LocalAws.putStudent(dynamoDb, "students", 2, new StudentRecord("president_biden", "history", "sophomore"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            dynamoDb.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @AfterEach
    void closePools() {
        pools.forEach(RecognizerPool::close);
    }

    /** A recognizer that finds president_biden in anything, counting the videos it is given. */
    private VideoRecognizer anyVideoIsBiden() {
        return new VideoRecognizer() {
            @Override
            public VideoAnalysis analyze(Path video) {
                recognised.incrementAndGet();
                return ScriptedRecognizer.analysis(new RecognitionResult(List.of("president_biden"), 3, 1, 0, ""));
            }

            @Override
            public void close() {}
        };
    }

    private FaceRecognitionHandler handler(InputLimits limits, VideoRecognizer recognizer) {
        RecognizerPool pool = new RecognizerPool(1, () -> recognizer);
        pools.add(pool);
        return new FaceRecognitionHandler(new VideoPipeline(new VideoFetcher(s3, tempDir, limits), pool,
                new StudentDirectory(dynamoDb, "students", "name-index"), new AttendanceWriter(s3, "output"), ScriptedRecognizer.MODEL),
                new EventValidator("input", limits));
    }

    private FaceRecognitionHandler handler() {
        return handler(InputLimits.DEFAULTS, anyVideoIsBiden());
    }

    private static String eTag(String bucket, String key, byte[] content) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag();
    }

    private static String event(S3ObjectRef object, String eTag) {
        return EVENTS.objectCreated("ObjectCreated:Put", object, eTag, "us-east-1", Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static boolean csvExists(String key) {
        try {
            s3.headObject(b -> b.bucket("output").key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private static VideoRejectedException rejection(FaceRecognitionHandler handler, String payload) {
        try {
            handler.handle(payload);
        } catch (VideoRejectedException e) {
            return e;
        }
        throw new AssertionError("the payload was not rejected: " + payload);
    }

    @Test
    void aRecordForAnotherBucketThanTheInputBucketIsAnInvalidEvent() {
        byte[] content = "a video".getBytes();
        String eTag = eTag("other", "elsewhere.mp4", content);

        VideoRejectedException e = rejection(handler(), event(new S3ObjectRef("other", "elsewhere.mp4", content.length), eTag));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_EVENT);
        assertThat(e.getMessage()).isEqualTo("invalid-event: the record names s3://other/elsewhere.mp4, which is not in the"
                + " function's input bucket 'input' (INPUT_BUCKET); records for other buckets are not processed");
        assertThat(recognised).hasValue(0);
        assertThat(csvExists("elsewhere.csv")).isFalse();
    }

    @Test
    void aRecordNotFromS3OrWithoutAnEventNameIsAnInvalidEvent() throws Exception {
        byte[] content = "a video".getBytes();
        String eTag = eTag("input", "forged.mp4", content);
        String genuine = event(new S3ObjectRef("input", "forged.mp4", content.length), eTag);

        ObjectNode fromElsewhere = (ObjectNode) JSON.readTree(genuine);
        ((ObjectNode) fromElsewhere.get("Records").get(0)).put("eventSource", "aws:sqs");
        ObjectNode nameless = (ObjectNode) JSON.readTree(genuine);
        ((ObjectNode) nameless.get("Records").get(0)).remove("eventName");

        VideoRejectedException wrongSource = rejection(handler(), JSON.writeValueAsString(fromElsewhere));
        VideoRejectedException noName = rejection(handler(), JSON.writeValueAsString(nameless));

        assertThat(wrongSource.reason()).isEqualTo(Reason.INVALID_EVENT);
        assertThat(wrongSource.getMessage()).contains("has eventSource 'aws:sqs', not aws:s3");
        assertThat(noName.reason()).isEqualTo(Reason.INVALID_EVENT);
        assertThat(noName.getMessage()).contains("has no eventName");
        assertThat(recognised).hasValue(0);
        assertThat(csvExists("forged.csv")).isFalse();
    }

    @Test
    void anEventWithMoreRecordsThanAllowedIsRejectedWholeAndNoneIsProcessed() throws Exception {
        byte[] content = "a video".getBytes();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < 4; i++) {
            String key = "many/" + i + ".mp4";
            String eTag = eTag("input", key, content);
            records.add(JSON.readTree(event(new S3ObjectRef("input", key, content.length), eTag)).get("Records").get(0));
        }

        VideoRejectedException e = rejection(handler(InputLimits.DEFAULTS.withMaxEventRecords(3), anyVideoIsBiden()),
                JSON.writeValueAsString(root));

        assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT);
        assertThat(e.getMessage()).isEqualTo("over-limit: the event has 4 records, over the limit of 3 per event"
                + " (MAX_EVENT_RECORDS raises it; S3 sends one record per event)");
        assertThat(recognised).hasValue(0);
        assertThat(csvExists("many/0.csv")).isFalse();
        // within the limit, the same records are processed
        handler(InputLimits.DEFAULTS.withMaxEventRecords(4), anyVideoIsBiden()).handle(JSON.writeValueAsString(root));
        assertThat(recognised).hasValue(4);
    }

    @Test
    void anEventWhoseSizeIsOverTheLimitIsRejectedWithoutDownloading() {
        // The object does not even exist: a download would have said not-found.
        VideoRejectedException e = rejection(handler(InputLimits.DEFAULTS.withMaxVideoBytes(1000), anyVideoIsBiden()),
                event(new S3ObjectRef("input", "huge.mp4", 5_000_000_000L), "0123"));

        assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT);
        assertThat(e.getMessage()).isEqualTo("over-limit: s3://input/huge.mp4 (size in the event) is 5000000000 bytes,"
                + " over the limit of 1000 bytes (MAX_VIDEO_BYTES raises it); not downloaded");
        assertThat(recognised).hasValue(0);
    }

    @Test
    void anObjectLargerThanItsEventSaidIsRejectedByItsContentLengthBeforeItsBodyIsRead() throws Exception {
        byte[] content = new byte[5000];
        String eTag = eTag("input", "liar.mp4", content);

        VideoRejectedException e = rejection(handler(InputLimits.DEFAULTS.withMaxVideoBytes(1000), anyVideoIsBiden()),
                event(new S3ObjectRef("input", "liar.mp4", 10), eTag));

        assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT);
        assertThat(e.getMessage()).isEqualTo("over-limit: s3://input/liar.mp4 (Content-Length of its GET) is 5000 bytes,"
                + " over the limit of 1000 bytes (MAX_VIDEO_BYTES raises it); not downloaded");
        assertThat(recognised).hasValue(0);
        try (Stream<Path> left = Files.list(tempDir)) {
            assertThat(left).as("no temporary file left").isEmpty();
        }
    }

    /** A recognizer that opens the real sampler with {@code limits} and counts the frames it decodes. */
    private VideoRecognizer sampling(InputLimits limits, AtomicInteger framesDecoded) {
        return new VideoRecognizer() {
            @Override
            public VideoAnalysis analyze(Path video) throws io.smartclassroom.handler.recognition.InvalidVideoException {
                try (VideoFrameSampler sampler = VideoFrameSampler.open(video, VideoSamplingPolicy.withSampleFps(2),
                        TimeRange.WHOLE, limits)) {
                    while (sampler.next() != null) {
                        framesDecoded.incrementAndGet();
                    }
                    return ScriptedRecognizer.analysis(new RecognitionResult(List.of(), sampler.decodedFrames(), 0, 0, ""));
                }
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aVideoOverALoweredDurationOrPixelLimitIsRejectedBeforeAFrameIsDecoded() throws Exception {
        // test_1: 1920x1080, 2.1 s
        byte[] clip = Files.readAllBytes(TestAssets.require("course/test_case_1/test_1.mp4"));
        String eTag = eTag("input", "limits/test_1.mp4", clip);
        String payload = event(new S3ObjectRef("input", "limits/test_1.mp4", clip.length), eTag);
        AtomicInteger frames = new AtomicInteger();

        VideoRejectedException tooLong = rejection(
                handler(InputLimits.DEFAULTS.withMaxVideoSeconds(1), sampling(InputLimits.DEFAULTS.withMaxVideoSeconds(1), frames)),
                payload);
        VideoRejectedException tooLarge = rejection(handler(InputLimits.DEFAULTS,
                sampling(InputLimits.DEFAULTS.withMaxFramePixels(1280L * 720), frames)), payload);

        assertThat(tooLong.reason()).isEqualTo(Reason.OVER_LIMIT);
        assertThat(tooLong.getMessage()).matches("over-limit: s3://input/limits/test_1\\.mp4 lasts 2\\.\\d s, over the limit"
                + " of 1 s \\(MAX_VIDEO_SECONDS raises it\\)");
        assertThat(tooLarge.reason()).isEqualTo(Reason.OVER_LIMIT);
        assertThat(tooLarge.getMessage()).isEqualTo("over-limit: s3://input/limits/test_1.mp4 has frames of 1920x1080 = 2073600"
                + " pixels, over the limit of 921600 pixels per frame (MAX_FRAME_PIXELS raises it)");
        assertThat(frames).as("no frame decoded").hasValue(0);
        assertThat(csvExists("limits/test_1.csv")).isFalse();

        // within the default limits the same video is decoded and its CSV written
        handler(InputLimits.DEFAULTS, sampling(InputLimits.DEFAULTS, frames)).handle(payload);
        assertThat(frames.get()).isPositive();
        assertThat(csvExists("limits/test_1.csv")).isTrue();
    }

    @Test
    void theLocalS3RefusesMoreThanTwoKilobytesOfMetadataAndALongNonAsciiKeyStillGetsItsCsv() throws Exception {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("output").key("raw.csv")
                .metadata(Map.of("source", "s".repeat(1100), "reason", "r".repeat(1000))), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MetadataTooLarge");
                });

        // 1,000 characters, 1,024 bytes of UTF-8: the longest key S3 allows; escaped in the metadata, far more
        String key = "授業/" + ("üé" + "a".repeat(96) + "/").repeat(10) + "end.mp4";
        assertThat(key).hasSize(1000);
        assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        byte[] content = "a video".getBytes();
        String eTag = eTag("input", key, content);

        handler().handle(event(new S3ObjectRef("input", key, content.length), eTag));

        String csvKey = key.substring(0, key.length() - ".mp4".length()) + ".csv";
        var written = s3.getObjectAsBytes(b -> b.bucket("output").key(csvKey));
        assertThat(written.asUtf8String()).isEqualTo("name,major,year\npresident_biden,history,sophomore\n");
        Map<String, String> metadata = written.response().metadata();
        assertThat(ResultMetadata.totalBytes(metadata)).isLessThanOrEqualTo(ResultMetadata.MAX_TOTAL_BYTES);
        assertThat(metadata).containsEntry(ResultMetadata.SOURCE_ETAG, eTag.replace("\"", ""));
        assertThat(ResultMetadata.decode(metadata.get(ResultMetadata.SOURCE))).startsWith("s3://input/授業/üé");
    }
}
