package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.enrollment.CurrentGallery;
import io.smartclassroom.handler.enrollment.EncodingsSource;
import io.smartclassroom.handler.enrollment.FileEncodingsSource;
import io.smartclassroom.handler.enrollment.S3EncodingsSource;
import io.smartclassroom.handler.pipeline.AttendanceWriter;
import io.smartclassroom.handler.pipeline.CurrentGalleryRecognizer;
import io.smartclassroom.handler.pipeline.RecognizerPool;
import io.smartclassroom.handler.pipeline.RecordModel;
import io.smartclassroom.handler.pipeline.StudentDirectory;
import io.smartclassroom.handler.pipeline.EventValidator;
import io.smartclassroom.handler.pipeline.VideoFetcher;
import io.smartclassroom.handler.pipeline.VideoPipeline;
import io.smartclassroom.handler.recognition.FaceRecognition;
import io.smartclassroom.handler.recognition.RecognitionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Everything the function builds once per container: the S3 and DynamoDB clients, the enrolled
 * encodings (downloaded to the temporary folder when they live in S3), the face engine and a pool of
 * recognizers, and the pipeline that uses them. The recognizers follow a {@link CurrentGallery}: the
 * encodings are checked again at most every {@code ENCODINGS_REFRESH_SECONDS} before a video, and a
 * change is used from the next video on. Closing it closes the recognizers and the clients.
 */
public final class HandlerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandlerRuntime.class);

    private final HandlerConfig config;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final RecognizerPool recognizers;
    private final VideoPipeline pipeline;
    private final Optional<Path> downloadedEncodings;

    private HandlerRuntime(HandlerConfig config, S3Client s3, DynamoDbClient dynamoDb, RecognizerPool recognizers, Path tempDir,
            Optional<Path> downloadedEncodings, RecordModel model) {
        this.config = config;
        this.downloadedEncodings = downloadedEncodings;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.recognizers = recognizers;
        this.pipeline = new VideoPipeline(
                new VideoFetcher(s3, tempDir, config.limits()),
                recognizers,
                new StudentDirectory(dynamoDb, config.studentsTable(), config.studentsNameIndex()),
                new AttendanceWriter(s3, config.outputBucket()),
                model,
                config.fanOut());
    }

    /** Reads the configuration from the process environment and builds everything for {@code workers} threads. */
    public static HandlerRuntime fromEnvironment(int workers) {
        return start(HandlerConfig.fromEnvironment(System.getenv()), workers);
    }

    /** Builds the AWS clients from the SDK's own provider chains (region, credentials, endpoints), then everything else. */
    public static HandlerRuntime start(HandlerConfig config, int workers) {
        requireNonNull(config, "config");
        S3Client s3 = S3Client.builder().forcePathStyle(config.s3PathStyle()).build();
        DynamoDbClient dynamoDb;
        try {
            dynamoDb = DynamoDbClient.create();
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return start(config, workers, s3, dynamoDb);
    }

    /**
     * Builds everything around the given clients, which the runtime then owns (closes). For tests that
     * point the clients at emulators.
     */
    public static HandlerRuntime start(HandlerConfig config, int workers, S3Client s3, DynamoDbClient dynamoDb) {
        requireNonNull(config, "config");
        requireNonNull(s3, "s3");
        requireNonNull(dynamoDb, "dynamoDb");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        log.info("handler config: {} workers={}", config.describe(), workers);
        try {
            Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
            LocalEncodings local = fetchEncodings(config.encodings(), s3, tempDir);
            Path encodings = local.file();
            if (!Files.isDirectory(config.modelsDir())) {
                throw new InvalidConfigException(HandlerConfig.MODELS_DIR + " " + config.modelsDir() + " is not a directory");
            }
            RecognitionSettings settings = new RecognitionSettings(
                    config.modelsDir(), config.recognitionModel(), encodings, config.sampleFps(), config.longVideos(),
                    config.limits(), config.evidenceUnknownFaces());
            long loadStart = System.nanoTime();
            FaceRecognition recognition = FaceRecognition.load(settings);
            log.info("face recognition ({} ms to load): {}", (System.nanoTime() - loadStart) / 1_000_000, recognition.description());
            CurrentGallery gallery = new CurrentGallery(local.source(), recognition.gallery(), local.version(),
                    config.encodingsRefresh(), System::nanoTime);
            RecognizerPool recognizers = new RecognizerPool(workers,
                    () -> new CurrentGalleryRecognizer(gallery.current(), gallery, recognition::newVideoRecognizer));
            Optional<Path> downloaded = config.encodings() instanceof EncodingsLocation.S3Object
                    ? Optional.of(encodings) : Optional.empty();
            return new HandlerRuntime(config, s3, dynamoDb, recognizers, tempDir, downloaded, RecordModel.of(recognition.models()));
        } catch (RuntimeException e) {
            closeQuietly(s3);
            closeQuietly(dynamoDb);
            throw e;
        }
    }

    /**
     * The encodings as a local file, the version it is, and where to look for newer ones: the configured
     * file (version: its modification time and size), or the S3 object downloaded to the temporary folder
     * (version: its ETag).
     */
    record LocalEncodings(Path file, String version, EncodingsSource source) {}

    /** The encodings as a local file: the configured file, or the S3 object downloaded once to the temporary folder. */
    static Path encodingsFile(EncodingsLocation location, S3Client s3, Path tempDir) {
        return fetchEncodings(location, s3, tempDir).file();
    }

    static LocalEncodings fetchEncodings(EncodingsLocation location, S3Client s3, Path tempDir) {
        if (location instanceof EncodingsLocation.LocalFile file) {
            if (!Files.isRegularFile(file.path()) || !Files.isReadable(file.path())) {
                throw new InvalidConfigException(HandlerConfig.ENCODINGS + " " + file.path() + " is not a readable file");
            }
            FileEncodingsSource source = new FileEncodingsSource(file.path());
            return new LocalEncodings(file.path(), source.currentVersion(), source);
        }
        EncodingsLocation.S3Object object = (EncodingsLocation.S3Object) location;
        long start = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory(tempDir, "encodings-");
            String name = object.fileName().isEmpty() ? "encodings" : object.fileName();
            Path file = dir.resolve(name);
            String etag;
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder()
                    .bucket(object.bucket())
                    .key(object.key())
                    .build())) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                etag = in.response().eTag();
            }
            log.info("downloaded encodings {} to {} ({} bytes, etag {}, {} ms)",
                    object, file, Files.size(file), etag, (System.nanoTime() - start) / 1_000_000);
            return new LocalEncodings(file, etag, new S3EncodingsSource(s3, object.bucket(), object.key()));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new InvalidConfigException(HandlerConfig.ENCODINGS + " " + object + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + HandlerConfig.ENCODINGS + " " + object, e);
        }
    }

    public HandlerConfig config() {
        return config;
    }

    public VideoPipeline pipeline() {
        return pipeline;
    }

    /** What the function accepts of an event: records of {@code INPUT_BUCKET} only, within the input limits. */
    public EventValidator eventValidator() {
        return new EventValidator(config.inputBucket(), config.limits());
    }

    @Override
    public void close() {
        try {
            recognizers.close();
        } finally {
            closeQuietly(s3);
            closeQuietly(dynamoDb);
            downloadedEncodings.ifPresent(HandlerRuntime::deleteDownload);
        }
    }

    /** Removes the encodings downloaded from S3 and the temporary folder made for them. */
    private static void deleteDownload(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            log.warn("cannot delete the downloaded encodings {}: {}", file, e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
