package io.smartclassroom.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.handler.pipeline.StudentRecord;
import io.smartclassroom.common.VideoRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.core.ResponseBytes;

/**
 * The Lambda handler as deployed — config → runtime (encodings downloaded from S3, models verified and
 * loaded, the real face engine) → S3 event → CSV — against S3 (S3Proxy) and DynamoDB (dynalite), on
 * the course's clips. Skipped when {@code $ASSETS_DIR} lacks them.
 */
class FaceRecognitionHandlerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3EventNotifications EVENTS = new S3EventNotifications();

    private static CourseAssets assets;
    private static LocalAws aws;
    private static S3Client s3;
    private static HandlerRuntime runtime;
    private static FaceRecognitionHandler handler;

    @TempDir
    static Path tempDir;

    @BeforeAll
    static void start() throws Exception {
        assets = CourseAssets.require();
        aws = LocalAws.start();
        s3 = aws.s3Client();
        DynamoDbClient dynamoDb = aws.dynamoDbClient();
        for (String bucket : new String[] {"videos", "results", "config"}) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        LocalAws.createStudentsTable(dynamoDb, "students", "name-index", ProjectionType.KEYS_ONLY);
        for (Map.Entry<Integer, StudentRecord> student : assets.students().entrySet()) {
            LocalAws.putStudent(dynamoDb, "students", student.getKey(), student.getValue());
        }
        Path encodings = assets.enroll(tempDir.resolve("encodings.json"));
        s3.putObject(b -> b.bucket("config").key("face/encodings.json"), RequestBody.fromFile(encodings));

        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of(
                "INPUT_BUCKET", "videos",
                "OUTPUT_BUCKET", "results",
                "STUDENTS_TABLE", "students",
                "ENCODINGS", "s3://config/face/encodings.json",
                "MODELS_DIR", assets.modelsDir().toString(),
                "RECOGNITION_MODEL", CourseAssets.MODEL));
        runtime = HandlerRuntime.start(config, 1, aws.s3Client(), dynamoDb);
        handler = new FaceRecognitionHandler(runtime);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static JsonNode uploadAndInvoke(String key, Path file) throws Exception {
        String eTag = s3.putObject(b -> b.bucket("videos").key(key), RequestBody.fromFile(file)).eTag();
        String payload = EVENTS.objectCreated("ObjectCreated:Put", new S3ObjectRef("videos", key, Files.size(file)),
                eTag, "us-east-1", Instant.now());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private static ResponseBytes<GetObjectResponse> result(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("results").key(key));
    }

    @Test
    void everyCourseClipGivesTheExpectedCsv() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, String> expected : assets.expectedCsv().entrySet()) {
            String video = expected.getKey();
            String csvKey = "test_case_1/" + video.replace(".mp4", ".csv");
            long start = System.nanoTime();
            JsonNode response = uploadAndInvoke("test_case_1/" + video, assets.clip(video));
            long millis = (System.nanoTime() - start) / 1_000_000;

            softly.assertThat(result(csvKey).asUtf8String()).as("%s (%d ms)", csvKey, millis).isEqualTo(expected.getValue());
            softly.assertThat(response.at("/videos/0/outputKey").asText()).as(video).isEqualTo(csvKey);
            softly.assertThat(response.at("/videos/0/framesExamined").asInt()).as(video).isPositive();
        }
        softly.assertAll();
    }

    @Test
    void aKeyWithSpacesCommasAndUnicodeGivesACsvOfTheSameName() throws Exception {
        JsonNode response = uploadAndInvoke("lectures/my class,1 ü.mp4", assets.clip("test_2.mp4"));

        assertThat(result("lectures/my class,1 ü.csv").asUtf8String()).isEqualTo("name,major,year\nmr_bean,lawyer,freshmen\n");
        assertThat(response.at("/videos/0/students/0").asText()).isEqualTo("mr_bean");
    }

    @Test
    void aFileThatIsNotAVideoFailsTheInvocationAndWritesNoCsv() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(11).nextBytes(noise);
        Path fake = Files.write(tempDir.resolve("noise.mp4"), noise);
        Path empty = Files.write(tempDir.resolve("empty.mp4"), new byte[0]);

        // The decoder's message names the video by its S3 location, not by the temporary file.
        assertThatThrownBy(() -> uploadAndInvoke("noise.mp4", fake))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessageStartingWith("undecodable: s3://videos/noise.mp4 ")
                .hasMessageContaining("65536 bytes")
                .hasMessageNotContaining("/video-");
        assertThatThrownBy(() -> uploadAndInvoke("empty.mp4", empty))
                .isInstanceOf(VideoRejectedException.class)
                .hasMessageStartingWith("undecodable: s3://videos/empty.mp4 ")
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> result("noise.csv")).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> result("empty.csv")).isInstanceOf(NoSuchKeyException.class);
    }
}
