package io.smartclassroom.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.handler.pipeline.FanOutSettings;
import io.smartclassroom.handler.serve.LocalInvokeServer;
import io.smartclassroom.handler.serve.ServeCredentials;
import io.smartclassroom.handler.recognition.LongVideoSettings;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A lecture fanned out on the local cloud: the 36 s 6×6 lecture of {@code scripts/make-lecture.sh} with
 * SEGMENT_SECONDS=12 is a plan, 3 segment invocations in parallel and a merge, whose one CSV names the lecture's
 * students (mr_bean arrives at 12 s, in the second segment; johnny_dep leaves at 26 s, in the third). The lecture
 * counts as long from 20 s and is sampled every 4 s, as in LectureRecognitionTest. The function keeps 38 s in
 * reserve (TIME_MARGIN_SECONDS): nothing to the fan-out's 900 s timeout, the whole check of a 40 s one.
 */
class LocalCloudFanOutTest {
    private static final Logger log = LoggerFactory.getLogger(LocalCloudFanOutTest.class);

    @TempDir
    static Path work;

    private static LocalCloud cloud;
    private static PipelineUnderTest pipeline;
    private static S3Client s3;
    private static Path lecture;

    @BeforeAll
    static void start() throws Exception {
        Assets assets = Assets.required();
        lecture = lecture(assets);
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
        pipeline = PipelineUnderTest.start(assets, cloud.environment(), true, work, 2, Duration.ofSeconds(10),
                Map.of(FanOutSettings.SEGMENT_SECONDS, "12", FanOutSettings.TIME_MARGIN_SECONDS, "38",
                        LongVideoSettings.LONG_VIDEO_SECONDS, "20",
                        LongVideoSettings.LONG_VIDEO_INTERVAL_SECONDS, "4"), true);
        s3 = S3Client.builder().endpointOverride(cloud.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aLectureLongerThanASegmentIsThreeParallelSegmentsAndOneMergeIntoOneCsv() throws Exception {
        List<String> expected = Files.readAllLines(lecture.resolveSibling("expected.csv")).stream().skip(1)
                .map(line -> line.split(",")[1]).toList();
        long started = System.nanoTime();
        s3.putObject(request -> request.bucket(PipelineUnderTest.NAMES.inputBucket()).key("lectures/monday.mp4"),
                RequestBody.fromFile(lecture));

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pipeline.monitor().stats().succeeded() + pipeline.monitor().stats().failed() >= 1);
        log.info("lecture fanned out in {} ms: invocations {}", (System.nanoTime() - started) / 1_000_000,
                pipeline.invocations());

        assertThat(pipeline.monitor().stats().succeeded()).isEqualTo(1);
        assertThat(pipeline.invocations()).containsExactly("plan", "segment", "segment", "segment", "merge");
        String csv = s3.getObjectAsBytes(request -> request.bucket(PipelineUnderTest.NAMES.outputBucket())
                .key("lectures/monday.csv")).asString(UTF_8);
        List<String> rows = Arrays.asList(csv.split("\n"));
        assertThat(rows.get(0)).isEqualTo("name,major,year");
        List<String> named = rows.stream().skip(1).map(row -> row.split(",")[0]).toList();
        assertThat(named).doesNotHaveDuplicates();
        assertThat(expected).as("nobody is named who is not in the lecture").containsAll(named);
        // As in LectureRecognitionTest: at most the known vin_diesel miss.
        assertThat(named).hasSizeGreaterThanOrEqualTo(expected.size() - 1)
                .contains("mr_bean", "johnny_dep", "president_obama");
        assertThat(rows).contains("mr_bean,lawyer,freshmen");
    }

    @Test
    void anInvocationThatWouldOutliveServesTimeoutStopsWithAClearErrorAndWritesNothing() throws Exception {
        String bucket = "fanout-timeout-input"; // no notification: only this test invokes the function for it
        s3.createBucket(request -> request.bucket(bucket));
        String eTag = s3.putObject(request -> request.bucket(bucket).key("slow/lecture.mp4"), RequestBody.fromFile(lecture))
                .eTag().replace("\"", "");
        String event = new S3EventNotifications().objectCreated("ObjectCreated:Put",
                new S3ObjectRef(bucket, "slow/lecture.mp4", Files.size(lecture)), eTag, cloud.region(), Instant.now());

        // A 40 s timeout and the function's 38 s margin: the lecture (5-7 s of work on an idle machine, far more on a
        // busy one) must stop after about 2 s of it, cleanly, whatever one frame costs up to 38 s.
        try (LocalInvokeServer function = LocalInvokeServer.start(pipeline.handlerFor(bucket), new LocalInvokeServer.Settings(
                        "timeout-under-test", 0, 1, 1, cloud.region(), Duration.ofSeconds(40), Duration.ofSeconds(30),
                        new ServeCredentials(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)));
                LambdaClient lambda = LambdaClient.builder().endpointOverride(function.endpoint())
                        .region(Region.of(cloud.region())).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)))
                        .build()) {
            long started = System.nanoTime();
            InvokeResponse response = lambda.invoke(request -> request.functionName("timeout-under-test")
                    .payload(SdkBytes.fromUtf8String(event)));
            long millis = (System.nanoTime() - started) / 1_000_000;
            String answer = response.payload().asUtf8String();
            log.info("timeout invocation: {} ms, {}: {}", millis, response.functionError(), answer);

            assertThat(response.functionError()).isEqualTo("Unhandled");
            assertThat(answer).contains(VideoRejectedException.ERROR_TYPE)
                    .contains("timeout: s3://" + bucket + "/slow/lecture.mp4 the whole video stopped at ")
                    .contains("s the invocation had were left (safety margin 38.0 s", "nothing written")
                    .doesNotContain("Task timed out");
            assertThat(millis).isLessThan(40_000);
        }
        assertThat(s3.listObjectsV2(request -> request.bucket(PipelineUnderTest.NAMES.outputBucket())
                .prefix("slow/")).contents()).as("no result of the stopped invocation").isEmpty();
    }

    /** The 6×6 36 s lecture: handler's cached one when it is there, else built with scripts/make-lecture.sh. */
    private static Path lecture(Assets assets) throws IOException, InterruptedException {
        Path cached = PipelineUnderTest.repositoryFile("handler").resolve("target/lectures/6x6-36s/lecture.mp4");
        if (Files.exists(cached) && Files.exists(cached.resolveSibling("expected.csv"))) {
            return cached;
        }
        Path dir = Path.of("target", "lectures", "6x6-36s").toAbsolutePath();
        if (Files.exists(dir.resolve("lecture.mp4")) && Files.exists(dir.resolve("expected.csv"))) {
            return dir.resolve("lecture.mp4");
        }
        Path script = PipelineUnderTest.repositoryFile("scripts/make-lecture.sh");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(dir.getParent()).resolve("6x6-36s.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("ASSETS_DIR", assets.root().toString());
        env.put("MINUTES", "0.6");
        env.put("GRID", "6x6");
        env.put("ARRIVE", "mr_bean=12");
        env.put("LEAVE", "johnny_dep=26");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            assumeTrue(false, "cannot run make-lecture.sh: " + e.getMessage());
            throw e;
        }
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        assumeTrue(done && process.exitValue() == 0, "make-lecture.sh failed (ffmpeg missing?); see " + dir.getParent());
        return dir.resolve("lecture.mp4");
    }
}
