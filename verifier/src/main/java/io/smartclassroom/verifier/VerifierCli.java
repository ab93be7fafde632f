package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import io.smartclassroom.common.cli.CliErrors;
import io.smartclassroom.common.cli.ExitCodes;
import io.smartclassroom.common.cli.JarVersion;
import io.smartclassroom.common.cli.OneLineErrors;
import io.smartclassroom.common.cli.OutputOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * {@code verifier [--bucket NAME] [--expected FILE [--prefix P]... [--wait SECONDS]]}: prints the result CSVs of the output
 * bucket, or checks them against expected results; {@code verifier upload DIR} uploads a workload of videos;
 * {@code verifier dlq} lists (and redrives) the dead-letter queue; {@code verifier report --out DIR} writes the
 * attendance report page; {@code verifier download --out DIR} copies every result object into a folder.
 */
@Command(
        name = "verifier",
        versionProvider = JarVersion.class,
        description = {
                "Without --expected: prints every CSV of the output bucket (its name, then its content).",
                "With --expected FILE (CSV video,name,major,year): prints for each video whether its result"
                        + " (r1/x.mp4 -> r1/x.csv) is ok, wrong or missing, and ends with 'N/M correct';"
                        + " exits 0 only when all are correct.",
                "With --prefix P (repeatable): expects each video of FILE under each prefix (P + video) and"
                        + " reports correct, missing and wrong per prefix and in total.",
                "With --output json: one JSON document on stdout instead (the CSVs, or the verdict per video and in total).",
                "Exit codes: 0 all correct (or printed), 1 not all correct, 2 could not run (usage, missing file,"
                        + " no credentials, unreachable endpoint, no such bucket).",
                "Endpoint, region and credentials come from the AWS SDK's provider chains (AWS_ENDPOINT_URL_S3, ...)."},
        subcommands = {UploadCommand.class, DlqCommand.class, ReportCommand.class, DownloadCommand.class},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class VerifierCli implements Callable<Integer> {
    static final int NOT_ALL_CORRECT = ExitCodes.CHECKED_WRONG;
    static final int CANNOT_RUN = ExitCodes.CANNOT_RUN;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean versionRequested;

    @Option(names = "--bucket", paramLabel = "NAME",
            defaultValue = "${env:SMART_CLASSROOM_OUTPUT_BUCKET:-smart-classroom-output}",
            description = "Output bucket (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @Option(names = "--expected", paramLabel = "FILE", description = "Expected results, CSV video,name,major,year.")
    private Path expectedFile;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "With --expected: expect each video under this key prefix, e.g. 'r1/'; repeatable;"
                    + " reports per prefix and in total.")
    private List<String> prefixes = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --expected: wait up to this long for every expected CSV to exist (default 0).")
    private double waitSeconds;

    @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "How often --wait lists the bucket (default ${DEFAULT-VALUE} ms).")
    private long pollIntervalMillis;

    @Mixin
    private OutputOption output;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final S3ClientFactory clients;

    public VerifierCli(S3ClientFactory clients) {
        this.clients = requireNonNull(clients, "clients");
    }

    public static void main(String[] args) {
        System.exit(commandLine(new SdkS3ClientFactory(System.getenv()), new SdkSqsClientFactory(),
                new SdkDynamoDbClientFactory()).execute(args));
    }

    public static CommandLine commandLine(S3ClientFactory clients) {
        return commandLine(clients, new SdkSqsClientFactory());
    }

    /** With {@code upload}'s client built from this process's environment ({@link SdkS3TransferClientFactory}). */
    public static CommandLine commandLine(S3ClientFactory clients, SqsClientFactory queues) {
        return commandLine(clients, queues, new SdkDynamoDbClientFactory(), new SdkS3TransferClientFactory(System.getenv()));
    }

    public static CommandLine commandLine(S3ClientFactory clients, SqsClientFactory queues, DynamoDbClientFactory tables) {
        return commandLine(clients, queues, tables, new SdkS3TransferClientFactory(System.getenv()));
    }

    public static CommandLine commandLine(S3ClientFactory clients, SqsClientFactory queues, S3TransferClientFactory transfers) {
        return commandLine(clients, queues, new SdkDynamoDbClientFactory(), transfers);
    }

    public static CommandLine commandLine(S3ClientFactory clients, SqsClientFactory queues, DynamoDbClientFactory tables,
            S3TransferClientFactory transfers) {
        requireNonNull(queues, "queues");
        requireNonNull(tables, "tables");
        requireNonNull(transfers, "transfers");
        CommandLine commandLine = new CommandLine(new VerifierCli(clients), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == UploadCommand.class) {
                    return type.cast(new UploadCommand(transfers));
                }
                if (type == DlqCommand.class) {
                    return type.cast(new DlqCommand(queues));
                }
                if (type == ReportCommand.class) {
                    return type.cast(new ReportCommand(clients, tables, Clock.systemUTC()));
                }
                if (type == DownloadCommand.class) {
                    return type.cast(new DownloadCommand(clients));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        return OneLineErrors.install(commandLine, System.getenv());
    }

    S3ClientFactory clients() {
        return clients;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (waitSeconds < 0 || pollIntervalMillis <= 0) {
            return fail(err, "--wait must be >= 0 and --poll-interval > 0");
        }
        if (expectedFile == null && !prefixes.isEmpty()) {
            return fail(err, "--prefix needs --expected (it says where the expected videos are)");
        }
        if (expectedFile == null && waitSeconds > 0) {
            return fail(err, "--wait needs --expected (it waits for the expected results)");
        }
        ExpectedResults expected = null;
        if (expectedFile != null) {
            // a missing file is reported by OneLineErrors, naming --expected
            expected = ExpectedCsv.read(expectedFile);
        }
        try (S3Client s3 = clients.open(1)) {
            OutputBucket output = new OutputBucket(s3, bucket);
            if (expected == null) {
                printAll(output, out);
                return 0;
            }
            return verify(output, expected, out);
        } catch (NoSuchBucketException e) {
            return fail(err, "bucket " + bucket + " does not exist");
        } catch (SdkException e) {
            if (CliErrors.isEnvironmental(e)) {
                throw e; // no credentials, no endpoint: OneLineErrors says what to set
            }
            return fail(err, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, "interrupted");
        }
    }

    private void printAll(OutputBucket bucket, PrintWriter out) {
        List<String> keys = new ArrayList<>(bucket.csvKeys());
        Map<String, String> contents = bucket.read(keys);
        if (output.json()) {
            OutputOption.printJson(out, VerifierJson.Listing.of(bucket.name(), contents));
            return;
        }
        contents.forEach((key, content) -> {
            out.println(key);
            out.print(content);
            if (!content.isEmpty() && !content.endsWith("\n")) {
                out.println();
            }
            out.println();
        });
        out.println(contents.size() + (contents.size() == 1 ? " CSV file" : " CSV files") + " in s3://" + bucket.name());
        out.flush();
    }

    private int verify(OutputBucket bucket, ExpectedResults expected, PrintWriter out) throws InterruptedException {
        Map<String, ExpectedResults> byPrefix = new LinkedHashMap<>();
        if (prefixes.isEmpty()) {
            byPrefix.put("", expected);
        } else {
            prefixes.forEach(prefix -> byPrefix.put(prefix, expected.under(prefix)));
        }
        Set<String> wanted = new TreeSet<>();
        byPrefix.values().forEach(results ->
                results.byVideo().keySet().forEach(video -> wanted.add(ResultKeys.csvKey(video))));
        Set<String> present = new OutputWaiter(bucket, Duration.ofMillis(pollIntervalMillis))
                .awaitAll(wanted, Duration.ofMillis(Math.round(waitSeconds * 1000)));
        Map<String, String> contents = bucket.read(wanted.stream().filter(present::contains).toList());
        List<VideoCheck> all = new ArrayList<>();
        List<VerifierJson.Video> videos = new ArrayList<>();
        List<VerifierJson.PrefixCounts> perPrefix = new ArrayList<>();
        for (Map.Entry<String, ExpectedResults> entry : byPrefix.entrySet()) {
            VerificationReport report = VerificationReport.of(entry.getValue(), contents);
            all.addAll(report.checks());
            report.checks().forEach(check -> videos.add(VerifierJson.Video.of(entry.getKey(), check)));
            VerifierJson.Counts counts = VerifierJson.Counts.of(report);
            perPrefix.add(new VerifierJson.PrefixCounts(entry.getKey(), counts.correct(), counts.total(), counts.missing(), counts.wrong()));
            if (output.json()) {
                continue;
            }
            if (prefixes.isEmpty()) {
                report.lines().forEach(out::println);
            } else {
                report.lines().subList(0, report.lines().size() - 1).forEach(out::println);
                out.println("prefix " + entry.getKey() + ": " + report.counts());
            }
        }
        VerificationReport total = new VerificationReport(all);
        if (output.json()) {
            OutputOption.printJson(out, new VerifierJson.Check(bucket.name(), total.allCorrect(), VerifierJson.Counts.of(total),
                    prefixes.isEmpty() ? List.of() : perPrefix, videos));
            return total.allCorrect() ? 0 : NOT_ALL_CORRECT;
        }
        if (!prefixes.isEmpty()) {
            out.println("total: " + total.counts());
            out.println(total.summary());
        }
        out.flush();
        return total.allCorrect() ? 0 : NOT_ALL_CORRECT;
    }

    static int fail(PrintWriter err, String message) {
        err.println("verifier: " + (message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ")));
        err.flush();
        return CANNOT_RUN;
    }
}
