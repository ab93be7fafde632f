package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import io.smartclassroom.common.cli.CliErrors;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** {@code verifier upload [--bucket NAME] [--concurrency N] [--prefix P]... DIR}: uploads every video of a folder at once. */
@Command(
        name = "upload",
        description = {
                "Uploads every video (mp4, mov, mkv, avi, webm, ...) directly in DIR to the input bucket, N at a time,"
                        + " under each --prefix, with progress on stderr, then prints the count and the duration.",
                "Uploads go through the AWS SDK's transfer manager: files over 16 MiB go up as multipart uploads of"
                        + " 8 MiB parts read straight from the file (never held in memory).",
                "Exits non-zero when any upload failed, listing them."},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class UploadCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--bucket", paramLabel = "NAME",
            defaultValue = "${env:SMART_CLASSROOM_INPUT_BUCKET:-smart-classroom-input}",
            description = "Bucket to upload to (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Uploads at once (default ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Key prefix, e.g. 'r1/'; repeatable: every video is uploaded under each prefix"
                    + " (default: none; keys are the file names).")
    private List<String> prefixes = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines or none.")
    private String progressStyle;

    @Parameters(paramLabel = "DIR", description = "Folder of videos.")
    private Path directory;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final S3TransferClientFactory clients;

    public UploadCommand(S3TransferClientFactory clients) {
        this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (concurrency < 1) {
            return VerifierCli.fail(err, "--concurrency must be at least 1, got " + concurrency);
        }
        UploadProgress.Style style;
        switch (progressStyle.toLowerCase(Locale.ROOT)) {
            case "auto" -> style = Terminal.stderrIsTerminal() ? UploadProgress.Style.BAR : UploadProgress.Style.LINES;
            case "bar" -> style = UploadProgress.Style.BAR;
            case "lines" -> style = UploadProgress.Style.LINES;
            case "none" -> style = UploadProgress.Style.NONE;
            default -> {
                return VerifierCli.fail(err, "--progress must be auto, bar, lines or none, got '" + progressStyle + "'");
            }
        }
        List<Path> videos = VideoFiles.in(directory); // a missing DIR is reported by OneLineErrors
        if (videos.isEmpty()) {
            return VerifierCli.fail(err, "no videos in " + directory);
        }
        List<String> keyPrefixes = prefixes.isEmpty() ? List.of("") : List.copyOf(prefixes);
        long totalBytes = keyPrefixes.size() * videos.stream().mapToLong(video -> video.toFile().length()).sum();
        try (S3AsyncClient s3 = clients.open(concurrency);
                S3TransferManager transfers = S3TransferManager.builder().s3Client(s3).build()) {
            headBucket(s3);
            UploadProgress progress = new UploadProgress(err, style, System::nanoTime, Duration.ofSeconds(5),
                    videos.size() * keyPrefixes.size(), totalBytes);
            long start = System.nanoTime();
            List<VideoUploader.Upload> uploads = new VideoUploader(transfers, concurrency).upload(bucket, keyPrefixes, videos, progress);
            long elapsed = System.nanoTime() - start;
            List<VideoUploader.Upload> failed = uploads.stream().filter(VideoUploader.Upload::failed).toList();
            long uploadedBytes = uploads.stream().filter(upload -> !upload.failed()).mapToLong(VideoUploader.Upload::bytes).sum();
            int uploaded = uploads.size() - failed.size();
            double seconds = Math.max(elapsed, 1) / 1e9;
            out.println(String.format(Locale.ROOT, "uploaded %d of %d videos (%s) to s3://%s/%s in %s (%.1f videos/s, %s/s)",
                    uploaded, uploads.size(), Sizes.bytes(uploadedBytes), bucket, String.join(",", keyPrefixes), Sizes.seconds(elapsed),
                    uploaded / seconds, Sizes.bytes(Math.round(uploadedBytes / seconds))));
            out.flush();
            for (VideoUploader.Upload upload : failed) {
                err.println("failed: " + upload.file() + ": " + upload.failure().replaceAll("\\s*\\R\\s*", " "));
            }
            err.flush();
            return failed.isEmpty() ? 0 : 1;
        } catch (NoSuchBucketException e) {
            return VerifierCli.fail(err, "bucket " + bucket + " does not exist");
        } catch (SdkException e) {
            if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
                return VerifierCli.fail(err, "bucket " + bucket + " does not exist");
            }
            if (CliErrors.isEnvironmental(e)) {
                throw e; // no credentials, no endpoint: OneLineErrors says what to set
            }
            return VerifierCli.fail(err, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VerifierCli.fail(err, "interrupted");
        }
    }

    private void headBucket(S3AsyncClient s3) {
        try {
            s3.headBucket(request -> request.bucket(bucket)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
