package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Runs the verifier and the upload command against the local cloud's S3 (S3Proxy). */
class VerifierLocalCloudTest {
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final String EXPECTED = """
            video,name,major,year
            test_0.mp4,president_trump,physics,junior
            group.mp4,president_obama,electrical_engineering,senior
            group.mp4,president_biden,history,sophomore
            nobody.mp4,,,
            """;

    private static LocalCloud cloud;
    private static S3Client s3;

    @TempDir
    Path directory;

    private String bucket;
    private Path expected;

    private record Run(int exitCode, String out, String err, Duration took) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3).withNotifications(List.of()));
        s3 = client(null);
    }

    @AfterAll
    static void stopCloud() {
        if (s3 != null) {
            s3.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void bucketAndExpectations() throws IOException {
        bucket = "verifier-" + TEST_NUMBER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        s3.createBucket(b -> b.bucket(bucket));
        expected = directory.resolve("expected.csv");
        Files.writeString(expected, EXPECTED);
    }

    @Test
    void withoutExpectationsPrintsEveryCsvWithItsName() {
        put("b.csv", "name,major,year\nfloki,history,junior\n");
        put("a.csv", "name,major,year\n");
        put("config/encodings.json", "{}");

        Run run = run("--bucket", bucket);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "a.csv", "name,major,year", "", "b.csv", "name,major,year", "floki,history,junior", "",
                "2 CSV files in s3://" + bucket, ""));
    }

    @Test
    void allCorrectComparesSetsAndExitsZero() {
        put("test_0.csv", "name,major,year\npresident_trump,physics,junior\n");
        put("group.csv", "name,major,year\npresident_biden,history,sophomore\npresident_obama,electrical_engineering,senior\n");
        put("nobody.csv", "name,major,year\n");

        Run run = run("--bucket", bucket, "--expected", expected.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.lines()).containsExactly(
                "VIDEO       STATUS   DETAIL",
                "test_0.mp4  ok",
                "group.mp4   ok",
                "nobody.mp4  ok",
                "3/3 correct");
    }

    @Test
    void wrongAndMissingResultsAreShownAndExitNonZero() {
        put("test_0.csv", "name,major,year\nmr_bean,lawyer,freshmen\n");
        put("group.csv", "name,major,year\npresident_obama,electrical_engineering,senior\n");

        Run run = run("--bucket", bucket, "--expected", expected.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(
                "VIDEO       STATUS   DETAIL",
                "test_0.mp4  wrong    expected {president_trump,physics,junior}; got {mr_bean,lawyer,freshmen}",
                "group.mp4   wrong    expected {president_biden,history,sophomore; president_obama,electrical_engineering,senior};"
                        + " got {president_obama,electrical_engineering,senior}",
                "nobody.mp4  missing  no nobody.csv; expected {}",
                "0/3 correct");
    }

    @Test
    void waitTimesOutAndReportsWhatIsMissing() {
        put("test_0.csv", "name,major,year\npresident_trump,physics,junior\n");

        Run run = run("--bucket", bucket, "--expected", expected.toString(), "--wait", "1.5", "--poll-interval", "200");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        assertThat(run.lines()).contains("group.mp4   missing  no group.csv; expected {president_biden,history,sophomore;"
                + " president_obama,electrical_engineering,senior}", "1/3 correct");
    }

    @Test
    void waitEndsAsSoonAsTheLastResultArrives() throws Exception {
        put("test_0.csv", "name,major,year\npresident_trump,physics,junior\n");
        put("group.csv", "name,major,year\npresident_biden,history,sophomore\npresident_obama,electrical_engineering,senior\n");
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> put("nobody.csv", "name,major,year\n"),
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        Run run = run("--bucket", bucket, "--expected", expected.toString(), "--wait", "30", "--poll-interval", "200");
        late.get();

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.lines()).last().isEqualTo("3/3 correct");
        assertThat(run.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(15));
    }

    @Test
    void outputJsonPrintsTheCsvsAsOneDocument() throws Exception {
        put("b.csv", "name,major,year\nfloki,history,junior\n");
        put("a.csv", "name,major,year\n");
        put("bad.csv", "name,major,year\nfloki,history\n");

        Run run = run("--bucket", bucket, "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("bucket").asText()).isEqualTo(bucket);
        assertThat(json.get("count").asInt()).isEqualTo(3);
        assertThat(json.get("results")).extracting(node -> node.get("key").asText()).containsExactly("a.csv", "b.csv", "bad.csv");
        JsonNode b = json.get("results").get(1);
        assertThat(b.get("rows")).hasSize(1);
        assertThat(b.get("rows").get(0).get("name").asText()).isEqualTo("floki");
        assertThat(b.get("rows").get(0).get("major").asText()).isEqualTo("history");
        assertThat(b.get("rows").get(0).get("year").asText()).isEqualTo("junior");
        assertThat(b.get("problem").isNull()).isTrue();
        assertThat(b.get("content").asText()).isEqualTo("name,major,year\nfloki,history,junior\n");
        assertThat(json.get("results").get(0).get("rows")).isEmpty();
        assertThat(json.get("results").get(2).get("problem").asText()).contains("2 columns, not 3");
    }

    @Test
    void outputJsonGivesTheVerdictPerVideoPerPrefixAndInTotalWithTheSameExitCode() throws Exception {
        put("r1/test_0.csv", "name,major,year\npresident_trump,physics,junior\n");
        put("r1/group.csv", "name,major,year\npresident_biden,history,sophomore\npresident_obama,electrical_engineering,senior\n");
        put("r1/nobody.csv", "name,major,year\n");
        put("r2/test_0.csv", "name,major,year\nmr_bean,lawyer,freshmen\n");

        Run run = run("--bucket", bucket, "--expected", expected.toString(), "--prefix", "r1/", "--prefix", "r2/",
                "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("allCorrect").asBoolean()).isFalse();
        assertThat(json.get("total").get("correct").asInt()).isEqualTo(3);
        assertThat(json.get("total").get("total").asInt()).isEqualTo(6);
        assertThat(json.get("total").get("missing").asInt()).isEqualTo(2);
        assertThat(json.get("total").get("wrong").asInt()).isEqualTo(1);
        assertThat(json.get("prefixes")).extracting(node -> node.get("prefix").asText() + " " + node.get("correct").asInt()
                + "/" + node.get("total").asInt()).containsExactly("r1/ 3/3", "r2/ 0/3");
        JsonNode wrong = json.get("videos").get(3);
        assertThat(wrong.get("video").asText()).isEqualTo("r2/test_0.mp4");
        assertThat(wrong.get("result").asText()).isEqualTo("r2/test_0.csv");
        assertThat(wrong.get("status").asText()).isEqualTo("wrong");
        assertThat(wrong.get("expected").get(0).get("name").asText()).isEqualTo("president_trump");
        assertThat(wrong.get("got").get(0).get("name").asText()).isEqualTo("mr_bean");
        JsonNode missing = json.get("videos").get(4);
        assertThat(missing.get("status").asText()).isEqualTo("missing");
        assertThat(missing.get("got").isNull()).isTrue();

        Run allRight = run("--bucket", bucket, "--expected", expected.toString(), "--prefix", "r1/", "--output", "json");
        assertThat(allRight.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(allRight.out()).get("allCorrect").asBoolean()).isTrue();
    }

    @Test
    void aMissingBucketOrExpectedFileIsAOneLineError() {
        Run noBucket = run("--bucket", bucket + "-nope", "--expected", expected.toString());
        Run noFile = run("--bucket", bucket, "--expected", directory.resolve("nope.csv").toString());
        Run waitWithoutExpected = run("--bucket", bucket, "--wait", "3");

        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).isEqualTo("verifier: bucket " + bucket + "-nope does not exist" + System.lineSeparator());
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).isEqualTo("verifier: --expected " + directory.resolve("nope.csv")
                + ": no such file or directory; check the path given to --expected" + System.lineSeparator());
        assertThat(waitWithoutExpected.exitCode()).isEqualTo(2);
        assertThat(waitWithoutExpected.err()).contains("--wait needs --expected");
    }

    @Test
    void uploadSendsEveryVideoOfTheFolderConcurrently() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        Map<String, byte[]> contents = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 12; i++) {
            byte[] bytes = new byte[1000 + random.nextInt(300_000)];
            random.nextBytes(bytes);
            String name = "clip_" + i + (i % 3 == 0 ? ".MOV" : ".mp4");
            Files.write(videos.resolve(name), bytes);
            contents.put(name, bytes);
        }
        Files.writeString(videos.resolve("expected.csv"), EXPECTED);

        Run run = run("upload", "--bucket", bucket, "--concurrency", "4", "--progress", "lines", videos.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("uploaded 12 of 12 videos (").contains(") to s3://" + bucket + "/ in ");
        assertThat(run.err()).contains("uploaded 12/12 videos");
        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(objects).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(contents.keySet());
        for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(entry.getKey())).asByteArray())
                    .as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(s3.headObject(b -> b.bucket(bucket).key("clip_1.mp4")).contentType()).isEqualTo("video/mp4");
    }

    @Test
    void uploadListsTheFailedFilesAndExitsNonZero() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        for (String name : List.of("a.mp4", "b.mp4", "c.mp4")) {
            Files.writeString(videos.resolve(name), name);
        }
        // the connection "drops" for b.mp4 only
        ExecutionInterceptor dropB = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().equals("b.mp4")) {
                    throw SdkClientException.create("connection reset while sending b.mp4");
                }
            }
        };

        Run run = runUpload(maxConcurrency -> asyncClient(dropB), "upload", "--bucket", bucket, "--progress", "none", videos.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("uploaded 2 of 3 videos (");
        assertThat(run.err()).contains("failed: " + videos.resolve("b.mp4") + ": connection reset while sending b.mp4");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactlyInAnyOrder("a.mp4", "c.mp4");
    }

    @Test
    void uploadRefusesAFolderWithoutVideosAndAMissingBucket() throws Exception {
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Path videos = Files.createDirectories(directory.resolve("videos"));
        Files.writeString(videos.resolve("a.mp4"), "a");

        Run noVideos = run("upload", "--bucket", bucket, empty.toString());
        Run noBucket = run("upload", "--bucket", bucket + "-nope", videos.toString());

        assertThat(noVideos.exitCode()).isEqualTo(2);
        assertThat(noVideos.err()).isEqualTo("verifier: no videos in " + empty + System.lineSeparator());
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).contains("bucket " + bucket + "-nope does not exist");
    }

    @Test
    void uploadPutsEveryVideoUnderEachPrefix() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        Files.writeString(videos.resolve("a.mp4"), "a");
        Files.writeString(videos.resolve("b.mov"), "bb");

        Run run = run("upload", "--bucket", bucket, "--progress", "lines",
                "--prefix", "r1/", "--prefix", "r2/", "--prefix", "r3/", videos.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("uploaded 6 of 6 videos (");
        assertThat(run.err()).contains("uploaded 6/6 videos");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactlyInAnyOrder(
                "r1/a.mp4", "r1/b.mov", "r2/a.mp4", "r2/b.mov", "r3/a.mp4", "r3/b.mov");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r2/b.mov")).asUtf8String()).isEqualTo("bb");
    }

    @Test
    void uploadSendsAFileOver16MbInPartsAndTheObjectHasItsBytes() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        byte[] big = new byte[40 * 1024 * 1024 + 12_345];
        new Random(7).nextBytes(big);
        Files.write(videos.resolve("lecture.mp4"), big);
        Files.writeString(videos.resolve("small.mp4"), "small");
        List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutionInterceptor record = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName());
            }
        };

        Run run = runUpload(maxConcurrency -> asyncClient(record), "upload", "--bucket", bucket, "--progress", "lines",
                "--prefix", "big/", videos.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("uploaded 2 of 2 videos (");
        assertThat(run.err()).contains("uploaded 2/2 videos");
        // 40 MiB + a bit in 8 MiB parts: 6 parts; the small file is one PutObject
        assertThat(requests).filteredOn("CreateMultipartUploadRequest"::equals).hasSize(1);
        assertThat(requests).filteredOn("UploadPartRequest"::equals).hasSize(6);
        assertThat(requests).filteredOn("CompleteMultipartUploadRequest"::equals).hasSize(1);
        assertThat(requests).filteredOn("PutObjectRequest"::equals).hasSize(1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big/lecture.mp4")).asByteArray()).isEqualTo(big);
        var head = s3.headObject(b -> b.bucket(bucket).key("big/lecture.mp4"));
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.contentLength()).isEqualTo(big.length);
        // the ETag of a multipart upload: the MD5 of the parts' MD5s, a dash and the number of parts
        assertThat(head.eTag()).matches("\"?[0-9a-f]{32}-6\"?");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("big/small.mp4")).eTag()).matches("\"?[0-9a-f]{32}\"?");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big/small.mp4")).asUtf8String()).isEqualTo("small");
    }

    @Test
    void aFailedPartFailsThatFileAndAbortsItsMultipartUpload() throws Exception {
        Path videos = Files.createDirectories(directory.resolve("videos"));
        byte[] big = new byte[20 * 1024 * 1024];
        new Random(8).nextBytes(big);
        Files.write(videos.resolve("lecture.mp4"), big);
        List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutionInterceptor dropPart2 = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName());
            }

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartRequest part
                        && part.partNumber() == 2) {
                    throw SdkClientException.create("connection reset while sending part 2");
                }
            }
        };

        Run run = runUpload(maxConcurrency -> asyncClient(dropPart2), "upload", "--bucket", bucket, "--progress", "none", videos.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("failed: " + videos.resolve("lecture.mp4") + ": connection reset while sending part 2");
        assertThat(requests).contains("AbortMultipartUploadRequest").doesNotContain("CompleteMultipartUploadRequest");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void eachPrefixIsCheckedAgainstItsOwnFolderAndCountedApartAndInTotal() {
        for (String prefix : List.of("r1/", "r2/")) {
            put(prefix + "test_0.csv", "name,major,year\npresident_trump,physics,junior\n");
            put(prefix + "nobody.csv", "name,major,year\n");
        }
        put("r1/group.csv", "name,major,year\npresident_biden,history,sophomore\npresident_obama,electrical_engineering,senior\n");
        put("r2/group.csv", "name,major,year\npresident_obama,electrical_engineering,senior\n");
        put("r3/test_0.csv", "name,major,year\npresident_trump,physics,junior\n");
        // results without a folder must not count for any prefix
        put("group.csv", "name,major,year\npresident_biden,history,sophomore\npresident_obama,electrical_engineering,senior\n");
        put("nobody.csv", "name,major,year\n");

        Run run = run("--bucket", bucket, "--expected", expected.toString(),
                "--prefix", "r1/", "--prefix", "r2/", "--prefix", "r3/");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.lines()).contains(
                "r1/test_0.mp4  ok",
                "prefix r1/: 3/3 correct, 0 missing, 0 wrong",
                "r2/group.mp4   wrong    expected {president_biden,history,sophomore; president_obama,electrical_engineering,senior};"
                        + " got {president_obama,electrical_engineering,senior}",
                "prefix r2/: 2/3 correct, 0 missing, 1 wrong",
                "r3/group.mp4   missing  no r3/group.csv; expected {president_biden,history,sophomore;"
                        + " president_obama,electrical_engineering,senior}",
                "prefix r3/: 1/3 correct, 2 missing, 0 wrong",
                "total: 6/9 correct, 2 missing, 1 wrong");
        assertThat(run.lines()).last().isEqualTo("6/9 correct");
    }

    @Test
    void moreResultsThanOneListingPageAreAllFound() {
        StringBuilder many = new StringBuilder("video,name,major,year\n");
        for (int i = 0; i < 1100; i++) {
            many.append("p/clip_").append(i).append(".mp4,floki,history,junior\n");
            put("p/clip_" + i + ".csv", "name,major,year\nfloki,history,junior\n");
        }
        Path manyExpected = directory.resolve("many.csv");
        try {
            Files.writeString(manyExpected, many);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        Run run = run("--bucket", bucket, "--expected", manyExpected.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).last().isEqualTo("1100/1100 correct");
    }

    private void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private Run run(String... args) {
        return runUpload(maxConcurrency -> asyncClient(null), args);
    }

    private Run runUpload(S3TransferClientFactory transfers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = VerifierCli.commandLine(maxConnections -> client(null), new SdkSqsClientFactory(), transfers);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    static S3AsyncClient asyncClient(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        if (interceptor != null) {
            interceptors.add(interceptor);
        }
        return S3AsyncClient.builder()
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .multipartEnabled(true)
                .multipartConfiguration(VideoUploader.multipartConfiguration())
                .overrideConfiguration(o -> o.executionInterceptors(interceptors))
                .build();
    }

    private static S3Client client(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        if (interceptor != null) {
            interceptors.add(interceptor);
        }
        return S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors))
                .build();
    }
}
