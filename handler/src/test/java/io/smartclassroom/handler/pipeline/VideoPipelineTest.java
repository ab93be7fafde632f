package io.smartclassroom.handler.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.smartclassroom.common.ResultMetadata;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.S3Sequencer;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.handler.LocalAws;
import io.smartclassroom.handler.RecordSchema;
import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.video.AnalysisStats;
import io.smartclassroom.handler.video.EvidenceCropper;
import io.smartclassroom.handler.video.FaceCrop;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.handler.recognition.RecognitionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The pipeline against S3 (S3Proxy) and DynamoDB (dynalite), with a scripted recognizer in place of the face engine. */
class VideoPipelineTest {
    private static final String INPUT = "input";
    private static final String OUTPUT = "output";
    private static final String TABLE = "students";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalAws aws;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;

    @TempDir
    Path tempDir;

    private ScriptedRecognizer recognizer;
    private RecognizerPool recognizers;
    private VideoPipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start();
        s3 = aws.s3Client();
        dynamoDb = aws.dynamoDbClient();
        s3.createBucket(b -> b.bucket(INPUT));
        s3.createBucket(b -> b.bucket(OUTPUT));
        LocalAws.createStudentsTable(dynamoDb, TABLE, "name-index", ProjectionType.ALL);
        LocalAws.putStudent(dynamoDb, TABLE, 1, new StudentRecord("mr_bean", "lawyer", "freshmen"));
        LocalAws.putStudent(dynamoDb, TABLE, 5, new StudentRecord("president_trump", "physics", "junior"));
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

    @BeforeEach
    void buildPipeline() {
        recognizer = new ScriptedRecognizer();
        recognizers = new RecognizerPool(1, () -> recognizer);
        pipeline = new VideoPipeline(
                new VideoFetcher(s3, tempDir),
                recognizers,
                new StudentDirectory(dynamoDb, TABLE, "name-index"),
                new AttendanceWriter(s3, OUTPUT),
                ScriptedRecognizer.MODEL);
    }

    @AfterEach
    void closePool() {
        recognizers.close();
    }

    private S3ObjectRef upload(String key, byte[] content) {
        s3.putObject(b -> b.bucket(INPUT).key(key), RequestBody.fromBytes(content));
        return new S3ObjectRef(INPUT, key, content.length);
    }

    private static ResponseBytes<GetObjectResponse> output(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(OUTPUT).key(key));
    }

    private List<Path> leftoverFiles() throws Exception {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.toList();
        }
    }

    @Test
    void recognisedStudentsAreLookedUpAndWrittenInOrderOfFirstAppearance() throws Exception {
        recognizer.when("clip with trump then bean", ScriptedRecognizer.students("president_trump", "mr_bean", "president_trump"));
        S3ObjectRef video = upload("class/test_0.mp4", "clip with trump then bean".getBytes(UTF_8));

        VideoOutcome outcome = pipeline.process(video);

        ResponseBytes<GetObjectResponse> csv = output("class/test_0.csv");
        assertThat(csv.asUtf8String()).isEqualTo("name,major,year\npresident_trump,physics,junior\nmr_bean,lawyer,freshmen\n");
        assertThat(csv.response().contentType()).startsWith("text/csv");
        assertThat(csv.response().metadata())
                .containsEntry("outcome", "students-found")
                .containsEntry("frames-examined", "4")
                .containsEntry("source", "s3://input/class/test_0.mp4")
                .doesNotContainKeys("reason", "missing-records");
        assertThat(outcome.outputBucket()).isEqualTo(OUTPUT);
        assertThat(outcome.outputKey()).isEqualTo("class/test_0.csv");
        assertThat(outcome.key()).isEqualTo("class/test_0.mp4");
        assertThat(outcome.students()).containsExactly("president_trump", "mr_bean");
        assertThat(outcome.outcome()).isEqualTo(VideoOutcome.STUDENTS_FOUND);
        assertThat(outcome.reason()).isEmpty();

        assertThat(recognizer.seen()).singleElement().satisfies(path -> {
            assertThat(path.getParent()).isEqualTo(tempDir);
            assertThat(path.getFileName().toString()).endsWith(".mp4");
        });
        assertThat(leftoverFiles()).as("the downloaded video is deleted").isEmpty();
    }

    /** An S3 client that records the keys it puts, in order, and otherwise is {@code s3}. */
    private static S3Client recordingPuts(List<String> keys) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("putObject") && args != null && args[0] instanceof PutObjectRequest request) {
                        keys.add(request.key());
                    }
                    try {
                        return method.invoke(s3, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static FaceCrop crop(double similarity, long micros) {
        try (Mat frame = new Mat(480, 640, CV_8UC3, new Scalar(90, 120, 150, 0))) {
            DetectedFace face = new DetectedFace(300, 200, 60, 72, List.of(new DetectedFace.Point(318, 228),
                    new DetectedFace.Point(342, 228), new DetectedFace.Point(330, 243), new DetectedFace.Point(320, 257),
                    new DetectedFace.Point(340, 257)), 0.9);
            return new FaceCrop(EvidenceCropper.DEFAULT.crop(frame, face), similarity, micros);
        }
    }

    @Test
    void evidenceThenTheRecordThenTheCsvAreWrittenAndTheRecordPointsAtTheEvidence() throws Exception {
        FaceCrop bean = crop(0.74, 2_000_000);
        FaceCrop stranger = crop(0.21, 3_000_000);
        VideoAnalysis analysis = new VideoAnalysis(
                List.of(new StudentSighting("mr_bean", 1_000_000, 4_000_000, 2_000_000, 4, 0.74, Optional.of(bean))),
                8, 9, 6, 2, 1, 1, false, 40, "", new AnalysisStats(9, 0, 8, 6, 6, 0, 10, 10, 10, 40),
                4_500_000, 500_000, List.of(stranger));
        recognizer.when("bean and a stranger", analysis);
        List<String> puts = new CopyOnWriteArrayList<>();
        VideoPipeline recorded = new VideoPipeline(new VideoFetcher(s3, tempDir), recognizers,
                new StudentDirectory(dynamoDb, TABLE, "name-index"), new AttendanceWriter(recordingPuts(puts), OUTPUT),
                ScriptedRecognizer.MODEL);
        S3ObjectRef video = new S3ObjectRef(INPUT, "evidence-class/lecture.mp4", 19);
        String eTag = uploadETag(video.key(), "bean and a stranger");

        recorded.process(event(video, eTag, "07"));

        assertThat(puts).containsExactly("evidence/evidence-class/lecture/mr_bean.jpg",
                "evidence/evidence-class/lecture/unknown-1.jpg", "evidence-class/lecture.json", "evidence-class/lecture.csv");
        ResponseBytes<GetObjectResponse> record = output("evidence-class/lecture.json");
        assertThat(record.response().contentType()).startsWith("application/json");
        assertThat(RecordSchema.violations(record.asByteArray())).isEmpty();
        JsonNode json = JSON.readTree(record.asByteArray());
        assertThat(json.get("video").asText()).isEqualTo("s3://input/evidence-class/lecture.mp4");
        assertThat(json.get("etag").asText()).isEqualTo(eTag.replace("\"", ""));
        assertThat(json.at("/students/0/name").asText()).isEqualTo("mr_bean");
        assertThat(json.at("/students/0/id").asText()).isEqualTo("1");
        assertThat(json.at("/students/0/major").asText()).isEqualTo("lawyer");
        assertThat(json.at("/students/0/first_seen_s").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/students/0/last_seen_s").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/students/0/evidence").asText()).isEqualTo("s3://output/evidence/evidence-class/lecture/mr_bean.jpg");
        assertThat(json.at("/unknown_evidence/0").asText()).isEqualTo("s3://output/evidence/evidence-class/lecture/unknown-1.jpg");
        assertThat(json.get("unknown_faces").asInt()).isEqualTo(1);
        assertThat(json.get("duration_s").asDouble()).isEqualTo(4.5);

        ResponseBytes<GetObjectResponse> image = output("evidence/evidence-class/lecture/mr_bean.jpg");
        assertThat(image.asByteArray()).isEqualTo(bean.jpeg());
        assertThat(image.response().contentType()).isEqualTo("image/jpeg");
        assertThat(image.response().metadata()).containsEntry(ResultMetadata.SOURCE_SEQUENCER, "07").containsEntry("student", "mr_bean");
        assertThat(output("evidence-class/lecture.csv").asUtf8String()).isEqualTo("name,major,year\nmr_bean,lawyer,freshmen\n");
    }

    @Test
    void aSupersededEventWritesNoEvidenceNorRecord() {
        VideoAnalysis older = new VideoAnalysis(
                List.of(new StudentSighting("president_trump", 0, 1_000_000, 1_000_000, 2, 0.8, Optional.of(crop(0.8, 0)))),
                4, 4, 2, 0, 0, 0, false, 5, "", AnalysisStats.NONE, 2_000_000, 500_000, List.of());
        recognizer.when("bean clip", ScriptedRecognizer.students("mr_bean"));
        recognizer.when("old trump clip", older);
        S3ObjectRef video = new S3ObjectRef(INPUT, "race/superseded.mp4", 9);
        String olderETag = uploadETag(video.key(), "old trump clip");
        pipeline.process(event(video, olderETag, "10"));
        String newer = uploadETag(video.key(), "bean clip");
        pipeline.process(event(video, newer, "20"));
        s3.deleteObject(b -> b.bucket(OUTPUT).key("evidence/race/superseded/president_trump.jpg"));
        uploadETag(video.key(), "old trump clip");
        List<String> puts = new CopyOnWriteArrayList<>();
        VideoPipeline recorded = new VideoPipeline(new VideoFetcher(s3, tempDir), recognizers,
                new StudentDirectory(dynamoDb, TABLE, "name-index"), new AttendanceWriter(recordingPuts(puts), OUTPUT),
                ScriptedRecognizer.MODEL);

        // A late retry of the older event (no ETag: it gets today's object) finds the newer result and writes nothing.
        assertThatThrownBy(() -> recorded.process(event(video, null, "10")))
                .isInstanceOf(SupersededEventException.class);

        assertThat(puts).isEmpty();
        assertThat(output("race/superseded.json").asUtf8String()).contains("\"mr_bean\"").doesNotContain("president_trump");
        assertThatThrownBy(() -> output("evidence/race/superseded/president_trump.jpg")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aVideoWithoutStudentsHasARecordToo() throws Exception {
        recognizer.when("nobody", new RecognitionResult(List.of(), 5, 0, 0, "no face found in 5 frames"));

        pipeline.process(upload("nobody.mp4", "nobody".getBytes(UTF_8)));

        byte[] record = output("nobody.json").asByteArray();
        assertThat(RecordSchema.violations(record)).isEmpty();
        JsonNode json = JSON.readTree(record);
        assertThat(json.get("outcome").asText()).isEqualTo("no-students");
        assertThat(json.get("reason").asText()).isEqualTo("no face found in 5 frames");
        assertThat(json.get("students")).isEmpty();
        assertThat(json.has("etag")).as("an event without an ETag").isFalse();
    }

    @Test
    void aRecognisedNameWithoutARecordIsWrittenWithEmptyFieldsAndReported() {
        recognizer.when("bean and vin", ScriptedRecognizer.students("mr_bean", "vin_diesel"));

        VideoOutcome outcome = pipeline.process(upload("test_5.mp4", "bean and vin".getBytes(UTF_8)));

        ResponseBytes<GetObjectResponse> csv = output("test_5.csv");
        assertThat(csv.asUtf8String()).isEqualTo("name,major,year\nmr_bean,lawyer,freshmen\nvin_diesel,,\n");
        assertThat(csv.response().metadata())
                .containsEntry("outcome", "students-found")
                .containsEntry("missing-records", "vin_diesel")
                .containsEntry("reason", "no student record for vin_diesel");
        assertThat(outcome.missingRecords()).containsExactly("vin_diesel");
        assertThat(outcome.students()).containsExactly("mr_bean", "vin_diesel");
    }

    @Test
    void aVideoWithoutFacesGivesAHeaderOnlyCsvAndTheReason() {
        recognizer.when("empty room", new RecognitionResult(List.of(), 5, 0, 0, "no face found in 5 frames"));

        VideoOutcome outcome = pipeline.process(upload("empty room.mp4", "empty room".getBytes(UTF_8)));

        ResponseBytes<GetObjectResponse> csv = output("empty room.csv");
        assertThat(csv.asUtf8String()).isEqualTo("name,major,year\n");
        assertThat(csv.response().metadata())
                .containsEntry("outcome", "no-students")
                .containsEntry("reason", "no face found in 5 frames")
                .containsEntry("frames-examined", "5")
                .containsEntry("faces-detected", "0");
        assertThat(outcome.outcome()).isEqualTo(VideoOutcome.NO_STUDENTS);
        assertThat(outcome.reason()).isEqualTo("no face found in 5 frames");
    }

    @Test
    void onlyUnknownFacesGiveAHeaderOnlyCsvWithAReasonEvenWhenTheEngineGaveNone() {
        recognizer.when("strangers", new RecognitionResult(List.of(), 6, 3, 3, ""));

        VideoOutcome outcome = pipeline.process(upload("strangers.mov", "strangers".getBytes(UTF_8)));

        assertThat(output("strangers.csv").asUtf8String()).isEqualTo("name,major,year\n");
        assertThat(output("strangers.csv").response().metadata())
                .containsEntry("unknown-faces", "3")
                .containsEntry("reason", "3 faces found in 6 frames, none matched an enrolled student");
        assertThat(outcome.reason()).isEqualTo("3 faces found in 6 frames, none matched an enrolled student");
    }

    @Test
    void keysWithSpacesCommasAndUnicodeKeepTheirNameAndMetadataStaysAscii() {
        recognizer.when("bean", ScriptedRecognizer.students("mr_bean"));

        VideoOutcome outcome = pipeline.process(upload("cours/my class,1 ü.mp4", "bean".getBytes(UTF_8)));

        assertThat(outcome.outputKey()).isEqualTo("cours/my class,1 ü.csv");
        ResponseBytes<GetObjectResponse> csv = output("cours/my class,1 ü.csv");
        assertThat(csv.asUtf8String()).isEqualTo("name,major,year\nmr_bean,lawyer,freshmen\n");
        assertThat(csv.response().metadata()).containsEntry("source", "s3://input/cours/my class,1 %C3%BC.mp4");
    }

    @Test
    void anUndecodableVideoIsAClearErrorAndWritesNothing() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        S3ObjectRef video = upload("broken.mp4", noise);

        assertThatThrownBy(() -> pipeline.process(video))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessage("undecodable: s3://input/broken.mp4 is not a video container FFmpeg knows (4096 bytes)");
        assertThatThrownBy(() -> output("broken.csv")).isInstanceOf(NoSuchKeyException.class);
        assertThat(leftoverFiles()).isEmpty();
    }

    @Test
    void aVideoThatIsNotInTheBucketIsAClearErrorAndWritesNothing() throws Exception {
        S3ObjectRef video = new S3ObjectRef(INPUT, "gone.mp4", 10);

        assertThatThrownBy(() -> pipeline.process(video))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessage("not-found: input video s3://input/gone.mp4 does not exist (NoSuchKey)");
        assertThatThrownBy(() -> pipeline.process(new S3ObjectRef("no-such-bucket", "x.mp4", 1)))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessageStartingWith("not-found: input bucket no-such-bucket ");
        assertThatThrownBy(() -> output("gone.csv")).isInstanceOf(NoSuchKeyException.class);
        assertThat(recognizer.seen()).isEmpty();
        assertThat(leftoverFiles()).isEmpty();
    }

    private static S3Message.ObjectEvent event(S3ObjectRef video, String eTag, String sequencer) {
        return new S3Message.ObjectEvent("ObjectCreated:Put", video, Optional.ofNullable(eTag), Optional.empty(),
                Optional.ofNullable(sequencer).map(S3Sequencer::new));
    }

    private String uploadETag(String key, String content) {
        return s3.putObject(b -> b.bucket(INPUT).key(key), RequestBody.fromString(content)).eTag();
    }

    @Test
    void theNewestUploadWinsWhenTheOlderEventIsProcessedLast() {
        recognizer.when("bean clip", ScriptedRecognizer.students("mr_bean"));
        recognizer.when("trump clip", ScriptedRecognizer.students("president_trump"));
        S3ObjectRef video = new S3ObjectRef(INPUT, "race/lecture.mp4", 9);
        uploadETag(video.key(), "bean clip");
        String newer = uploadETag(video.key(), "trump clip");

        pipeline.process(event(video, newer, "0000000000000002"));
        // The older event, as a retry without an ETag would deliver it: the fetch gets today's object, the write must not land.
        assertThatThrownBy(() -> pipeline.process(event(video, null, "0000000000000001")))
                .isInstanceOf(SupersededEventException.class)
                .hasMessageContaining("s3://output/race/lecture.csv already holds the result of a newer upload");

        ResponseBytes<GetObjectResponse> csv = output("race/lecture.csv");
        assertThat(csv.asUtf8String()).isEqualTo("name,major,year\npresident_trump,physics,junior\n");
        assertThat(csv.response().metadata())
                .containsEntry(ResultMetadata.SOURCE_SEQUENCER, "0000000000000002")
                .containsEntry(ResultMetadata.SOURCE_ETAG, newer.replace("\"", ""))
                .containsEntry(ResultMetadata.SOURCE, "s3://input/race/lecture.mp4")
                .containsEntry(ResultMetadata.OUTCOME, "students-found")
                .containsEntry(ResultMetadata.FACES_DETECTED, "1")
                .containsKey(ResultMetadata.FRAMES_EXAMINED);
        ResponseBytes<GetObjectResponse> record = output("race/lecture.json");
        assertThat(record.asUtf8String()).contains("\"president_trump\"").doesNotContain("mr_bean");
        assertThat(record.response().metadata()).containsEntry(ResultMetadata.SOURCE_SEQUENCER, "0000000000000002");
    }

    @Test
    void aNewerEventReplacesTheResultOfAnOlderOne() {
        recognizer.when("bean clip", ScriptedRecognizer.students("mr_bean"));
        recognizer.when("trump clip", ScriptedRecognizer.students("president_trump"));
        S3ObjectRef video = new S3ObjectRef(INPUT, "race/in-order.mp4", 9);

        pipeline.process(event(video, uploadETag(video.key(), "bean clip"), "0A"));
        pipeline.process(event(video, uploadETag(video.key(), "trump clip"), "00B0"));

        assertThat(output("race/in-order.csv").asUtf8String()).isEqualTo("name,major,year\npresident_trump,physics,junior\n");
        assertThat(output("race/in-order.csv").response().metadata()).containsEntry(ResultMetadata.SOURCE_SEQUENCER, "00B0");
    }

    @Test
    void anEventForAnOverwrittenObjectIsSupersededAndWritesNothing() throws Exception {
        recognizer.when("bean clip", ScriptedRecognizer.students("mr_bean"));
        S3ObjectRef video = new S3ObjectRef(INPUT, "race/overwritten.mp4", 9);
        String older = uploadETag(video.key(), "trump clip");
        uploadETag(video.key(), "bean clip");

        assertThatThrownBy(() -> pipeline.process(event(video, older, "01")))
                .isInstanceOf(SupersededEventException.class)
                .hasMessageContaining("s3://input/race/overwritten.mp4 was overwritten since the event");
        assertThatThrownBy(() -> output("race/overwritten.csv")).isInstanceOf(NoSuchKeyException.class);
        assertThat(recognizer.seen()).isEmpty();
        assertThat(leftoverFiles()).isEmpty();
    }

    @Test
    void theMetadataOfALongNonAsciiKeyStaysWithinTwoKilobytes() {
        recognizer.when("bean", ScriptedRecognizer.students("mr_bean"));
        // Folders of 160 bytes: the local S3 keeps objects as files, and a file name is at most 255 bytes.
        String stem = "授業/" + ("日本語の講義ü".repeat(8) + "/").repeat(4) + "日本語の講義ü".repeat(8);
        String key = stem + ".mp4";

        VideoOutcome outcome = pipeline.process(event(upload(key, "bean".getBytes(UTF_8)), null, "05"));

        Map<String, String> metadata = output(outcome.outputKey()).response().metadata();
        assertThat(outcome.outputKey()).isEqualTo(stem + ".csv");
        assertThat(ResultMetadata.totalBytes(metadata)).isLessThanOrEqualTo(ResultMetadata.MAX_TOTAL_BYTES);
        assertThat(metadata.get(ResultMetadata.SOURCE)).startsWith("s3://input/%E6%8E%88%E6%A5%AD/").endsWith("...");
        assertThat(metadata).containsEntry(ResultMetadata.SOURCE_SEQUENCER, "05").containsEntry(ResultMetadata.OUTCOME, "students-found");
    }
}
