package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@code verifier download --out DIR [--bucket B] [--prefix P]...}. */
@Command(
        name = "download",
        description = {
                "Copies every object of the output bucket (CSVs, attendance records, evidence images) into DIR, each at"
                        + " its key (r1/a.csv -> DIR/r1/a.csv, evidence/r1/a/alice.jpg -> DIR/evidence/r1/a/alice.jpg).",
                "A key that would leave DIR ('..', an empty segment, a backslash) is not copied and is reported.",
                "Exits 0 when every object was copied, 1 when some could not be, 2 when it could not run."},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class DownloadCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to copy the objects into.")
    private Path out;

    @Option(names = "--bucket", paramLabel = "NAME",
            defaultValue = "${env:SMART_CLASSROOM_OUTPUT_BUCKET:-smart-classroom-output}",
            description = "Output bucket (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Only the results under this key prefix and their evidence (evidence/PREFIX...); repeatable.")
    private List<String> prefixes = new ArrayList<>();

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final S3ClientFactory clients;

    public DownloadCommand(S3ClientFactory clients) {
        this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = out.toAbsolutePath().normalize();
        List<String> failures = new ArrayList<>();
        int copied = 0;
        long bytes = 0;
        try (S3Client s3 = clients.open(1)) {
            Files.createDirectories(dir);
            ResultObjects objects = ResultObjects.list(s3, bucket, prefixes);
            ResultsDownload download = new ResultsDownload(s3, bucket, dir);
            for (Map.Entry<String, Long> object : objects.sizes().entrySet()) {
                String key = object.getKey();
                try {
                    download.download(key);
                    copied++;
                    bytes += object.getValue() == null ? 0 : object.getValue();
                } catch (NoSuchKeyException e) {
                    // listed, then deleted before it was read
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    failures.add("not copied: s3://" + bucket + "/" + key.replaceAll("\\p{Cntrl}", "?") + ": " + e.getMessage());
                }
            }
        } catch (NoSuchBucketException e) {
            return VerifierCli.fail(err, "bucket " + bucket + " does not exist");
        } catch (SdkException e) {
            return VerifierCli.fail(err, e.getMessage());
        } catch (IOException e) {
            return VerifierCli.fail(err, "cannot create " + dir + ": " + e.getMessage());
        }
        stdout.println("downloaded " + copied + (copied == 1 ? " object (" : " objects (") + Sizes.bytes(bytes) + ") from s3://"
                + bucket + " to " + dir);
        stdout.flush();
        failures.forEach(err::println);
        err.flush();
        return failures.isEmpty() ? 0 : VerifierCli.NOT_ALL_CORRECT;
    }
}
