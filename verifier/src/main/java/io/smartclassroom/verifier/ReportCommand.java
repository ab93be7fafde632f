package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** {@code verifier report --out DIR [--bucket B] [--prefix P]... [--table T]}. */
@Command(
        name = "report",
        description = {
                "Writes DIR/index.html, a static page (no script, no network; opens from file://) of the output bucket:"
                        + " a students x videos matrix, then per video every enrolled student present or absent, first"
                        + " and last seen, minutes present, a timeline bar, the evidence image (downloaded into"
                        + " DIR/evidence/...) and the unknown-face count, from each video's attendance record"
                        + " (<stem>.json); a video with only a CSV is shown with what the CSV says.",
                "Prints one line per video with the names found, then the report's path.",
                "The roster is the students table. Endpoints, region and credentials come from the AWS SDK's provider"
                        + " chains (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, ...).",
                "Exits 0 when the report is written, 2 when it could not be."},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class ReportCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write index.html and the images into.")
    private Path out;

    @Option(names = "--bucket", paramLabel = "NAME",
            defaultValue = "${env:SMART_CLASSROOM_OUTPUT_BUCKET:-smart-classroom-output}",
            description = "Output bucket (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Only the results under this key prefix, e.g. 'r1/'; repeatable (default: all).")
    private List<String> prefixes = new ArrayList<>();

    @Option(names = "--table", paramLabel = "NAME",
            defaultValue = "${env:SMART_CLASSROOM_TABLE:-smart-classroom-students}",
            description = "Students table, the roster (default: ${DEFAULT-VALUE}).")
    private String table;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final S3ClientFactory s3Clients;
    private final DynamoDbClientFactory dynamoDbClients;
    private final Clock clock;

    public ReportCommand(S3ClientFactory s3Clients, DynamoDbClientFactory dynamoDbClients, Clock clock) {
        this.s3Clients = requireNonNull(s3Clients, "s3Clients");
        this.dynamoDbClients = requireNonNull(dynamoDbClients, "dynamoDbClients");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (bucket.isBlank() || table.isBlank()) {
            return VerifierCli.fail(err, "--bucket and --table must not be empty");
        }
        Path dir = out.toAbsolutePath().normalize();
        AttendanceReport report;
        try (S3Client s3 = s3Clients.open(4); DynamoDbClient dynamoDb = dynamoDbClients.open()) {
            Files.createDirectories(dir);
            report = new ReportBuilder(s3, bucket, new StudentsTable(dynamoDb, table), clock).build(prefixes, dir);
        } catch (NoSuchBucketException e) {
            return VerifierCli.fail(err, "bucket " + bucket + " does not exist");
        } catch (ResourceNotFoundException e) {
            return VerifierCli.fail(err, "students table " + table + " does not exist (--table)");
        } catch (SdkException e) {
            return VerifierCli.fail(err, e.getMessage());
        } catch (IOException e) {
            return VerifierCli.fail(err, "cannot create " + dir + ": " + e.getMessage());
        }
        Path page = dir.resolve(HtmlReport.FILE_NAME);
        try {
            Path partial = ResultsDownload.partialFile(page);
            Files.writeString(partial, HtmlReport.render(report), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return VerifierCli.fail(err, "cannot write " + page + ": " + e.getMessage());
        }
        ReportSummary.lines(report).forEach(stdout::println);
        long images = report.evidence().values().stream().filter(image -> image.localKey().isPresent()).count();
        stdout.println("report: " + page + " (" + report.videos().size() + (report.videos().size() == 1 ? " video, " : " videos, ")
                + report.roster().size() + " enrolled, " + images + (images == 1 ? " evidence image)" : " evidence images)"));
        stdout.flush();
        return 0;
    }
}
