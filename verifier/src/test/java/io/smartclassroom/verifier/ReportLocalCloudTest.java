package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.common.ResultKeys;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code verifier report} and {@code verifier download} against the local cloud's S3 (S3Proxy) and DynamoDB (dynalite). */
class ReportLocalCloudTest {
    private static LocalCloud cloud;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;

    @TempDir
    Path directory;

    private String bucket;
    private String table;
    private ReportScenario scenario;

    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The summary line of {@code video}, split into its columns. */
        List<String> row(String video) {
            return lines().stream().filter(line -> line.startsWith(video + "  ")).findFirst()
                    .map(line -> List.of(line.split("\\s{2,}"))).orElseThrow(() -> new AssertionError("no line for " + video + " in " + out));
        }
    }

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3, Service.DYNAMODB).withNotifications(List.of()));
        s3 = s3Client(cloud);
        dynamoDb = dynamoDbClient(cloud);
    }

    @AfterAll
    static void stopCloud() {
        if (s3 != null) {
            s3.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void outputBucketAndStudents() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bucket = "report-out-" + suffix;
        table = "report-students-" + suffix;
        scenario = ReportScenario.populate(s3, dynamoDb, bucket, table);
    }

    @Test
    void reportPrintsTheNamesPerVideoAndWritesThePageWithItsImages() throws IOException {
        Path out = directory.resolve("report");

        Run run = run(cloud, "report", "--out", out.toString(), "--bucket", bucket, "--table", table);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines().get(0).split("\\s{2,}")).containsExactly("VIDEO", "FOUND", "UNKNOWN-FACES", "FROM");
        assertThat(run.row("lecture1.mp4")).containsExactly("lecture1.mp4", "president_biden, mr_bean", "2", "record");
        assertThat(run.row("old_clip")).containsExactly("old_clip", "president_trump", "-", "csv");
        assertThat(run.row("broken")).containsExactly("broken", "mr_bean", "-", "csv");
        assertThat(run.row("gone.mp4")).containsExactly("gone.mp4", "president_trump", "0", "record");
        assertThat(run.row(ReportScenario.MARKUP_VIDEO))
                .containsExactly(ReportScenario.MARKUP_VIDEO, ReportScenario.ONERROR_NAME + ", president_trump", "0", "record");
        assertThat(run.lines()).last().asString()
                .isEqualTo("report: " + out.resolve("index.html") + " (5 videos, 4 enrolled, 3 evidence images)");

        // the evidence of the record's students, downloaded at their keys, byte for byte
        for (Map.Entry<String, byte[]> image : scenario.evidence.entrySet()) {
            assertThat(out.resolve(image.getKey())).as(image.getKey()).hasBinaryContent(image.getValue());
        }
        String html = Files.readString(out.resolve("index.html"));
        // every <img src> is relative and names a file in the folder
        Matcher sources = Pattern.compile("<img [^>]*src=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (sources.find()) {
            images++;
            String src = sources.group(1);
            assertThat(src).doesNotContain(":").doesNotStartWith("/");
            assertThat(Path.of(out.resolve("index.html").toUri().resolve(src.replace("&amp;", "&")))).as(src).isRegularFile();
        }
        assertThat(images).isEqualTo(3);
        assertThat(html).contains("src=\"evidence/r1/lec%3Cb%3E%22x%22%26%27/%22onerror%3D%22alert%282%29.jpg\"");
        // the expired image is said to be missing, not shown
        assertThat(html).contains("evidence image not in the bucket (expired or never written): s3://" + bucket
                + "/" + ResultKeys.evidenceKey("gone.mp4", "president_trump"));
        assertThat(html).contains("could not be read (s3://" + bucket + "/broken.json is not JSON");
        assertThat(html).contains("Only the CSV (no attendance record for this video)");
    }

    @Test
    void everythingThatCameFromDataIsEscaped() throws IOException {
        Path out = directory.resolve("report");

        Run run = run(cloud, "report", "--out", out.toString(), "--bucket", bucket, "--table", table);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<b>");
        assertThat(html).doesNotContain("\"onerror").doesNotContain("' onmouseover").doesNotContain("</td><script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;onerror=&quot;alert(2)",
                "x&#39; onmouseover=&#39;alert(4)", "&lt;/td&gt;&lt;script&gt;alert(5)&lt;/script&gt; had no record",
                "r1/lec&lt;b&gt;&quot;x&quot;&amp;&#39;.mp4");
    }

    @Test
    void downloadCopiesEveryObjectAtItsKey() {
        Path out = directory.resolve("results");

        Run run = run(cloud, "download", "--out", out.toString(), "--bucket", bucket);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("downloaded " + scenario.objects.size() + " objects (")
                .endsWith(") from s3://" + bucket + " to " + out + System.lineSeparator());
        for (Map.Entry<String, byte[]> object : scenario.objects.entrySet()) {
            assertThat(out.resolve(object.getKey())).as(object.getKey()).hasBinaryContent(object.getValue());
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(scenario.objects.size());
            // made with the umask, as any new file there (not 0600 like a temporary file)
            Path fresh = Files.writeString(out.resolve("fresh.txt"), "x");
            assertThat(Files.getPosixFilePermissions(out.resolve("lecture1.csv"))).isEqualTo(Files.getPosixFilePermissions(fresh));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPrefixNarrowsTheReportAndTheDownloadToItsResultsAndTheirEvidence() {
        Path report = directory.resolve("report");
        Path results = directory.resolve("results");

        Run reportRun = run(cloud, "report", "--out", report.toString(), "--bucket", bucket, "--table", table, "--prefix", "r1/");
        Run downloadRun = run(cloud, "download", "--out", results.toString(), "--bucket", bucket, "--prefix", "r1/");

        assertThat(reportRun.exitCode()).as(reportRun.err()).isZero();
        assertThat(reportRun.lines()).hasSize(3);
        assertThat(reportRun.row(ReportScenario.MARKUP_VIDEO)).element(3).isEqualTo("record");
        assertThat(downloadRun.exitCode()).as(downloadRun.err()).isZero();
        assertThat(downloadRun.out()).startsWith("downloaded 3 objects (");
        assertThat(results.resolve(ResultKeys.evidenceKey(ReportScenario.MARKUP_VIDEO, ReportScenario.ONERROR_NAME))).isRegularFile();
        assertThat(results.resolve("lecture1.csv")).doesNotExist();
    }

    @Test
    void aMissingTableOrBucketIsAOneLineError() {
        Run noTable = run(cloud, "report", "--out", directory.resolve("a").toString(), "--bucket", bucket, "--table", table + "-nope");
        Run noBucket = run(cloud, "report", "--out", directory.resolve("b").toString(), "--bucket", bucket + "-nope", "--table", table);
        Run noBucketDownload = run(cloud, "download", "--out", directory.resolve("c").toString(), "--bucket", bucket + "-nope");

        assertThat(noTable.exitCode()).isEqualTo(2);
        assertThat(noTable.err()).isEqualTo("verifier: students table " + table + "-nope does not exist (--table)" + System.lineSeparator());
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).isEqualTo("verifier: bucket " + bucket + "-nope does not exist" + System.lineSeparator());
        assertThat(noBucketDownload.exitCode()).isEqualTo(2);
        assertThat(noBucketDownload.err()).contains("bucket " + bucket + "-nope does not exist");
    }

    static Run run(LocalCloud cloud, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = VerifierCli.commandLine(maxConnections -> s3Client(cloud), () -> {
            throw new AssertionError("the report needs no SQS");
        }, () -> dynamoDbClient(cloud));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    static S3Client s3Client(LocalCloud cloud) {
        return S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    static DynamoDbClient dynamoDbClient(LocalCloud cloud) {
        return DynamoDbClient.builder()
                .endpointOverride(cloud.dynamodbEndpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(credentials())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
    }
}
