package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local cloud on 127.0.0.1 that speaks the AWS wire protocols: SQS (ElasticMQ, in process), S3
 * (S3Proxy, in process, announcing created objects to SQS as S3 bucket notifications do) and DynamoDB
 * (dynalite, a Node.js child process). Closing it stops everything it started.
 */
public final class LocalCloud implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCloud.class);

    private final LocalCloudOptions options;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<Service, URI> endpoints = new LinkedHashMap<>();
    private Path s3Directory;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "local-cloud-shutdown");
    private boolean closed;

    private LocalCloud(LocalCloudOptions options) {
        this.options = requireNonNull(options, "options");
    }

    /** Starts the services the options name; on any failure stops what already started and throws. */
    public static LocalCloud start(LocalCloudOptions options) throws IOException {
        LocalCloud cloud = new LocalCloud(options);
        try {
            cloud.startServices();
        } catch (IOException | RuntimeException e) {
            cloud.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(cloud.shutdownHook);
        return cloud;
    }

    private void startServices() throws IOException {
        if (options.services().contains(Service.SQS)) {
            SqsEmulator sqs = SqsEmulator.start(options.port(Service.SQS), options.region(), LocalCloudOptions.ACCOUNT_ID);
            started.push(sqs);
            endpoints.put(Service.SQS, sqs.endpoint());
            log.info("SQS (ElasticMQ) on {}", sqs.endpoint());
        }
        if (options.services().contains(Service.S3)) {
            Optional<ObjectCreatedPublisher> publisher = Optional.empty();
            if (!options.notifications().isEmpty()) {
                if (!endpoints.containsKey(Service.SQS)) {
                    throw new IllegalArgumentException("bucket notifications need SQS in the same local cloud");
                }
                SqsClient sqs = sqsClient(endpoints.get(Service.SQS));
                started.push(sqs);
                publisher = Optional.of(new ObjectCreatedPublisher(
                        sqs, options.notifications(), options.region(), Clock.systemUTC()));
            }
            S3Emulator s3 = S3Emulator.start(options.port(Service.S3), options.dataDir(), publisher, options.credentials());
            started.push(s3);
            s3Directory = s3.directory();
            endpoints.put(Service.S3, s3.endpoint());
            log.info("S3 (S3Proxy) on {}; notifications {}", s3.endpoint(), options.notifications());
        }
        if (options.services().contains(Service.DYNAMODB)) {
            DynaliteProcess dynamodb = DynaliteProcess.start(
                    options.port(Service.DYNAMODB), options.dataDir(), options.dynaliteHome());
            started.push(dynamodb);
            endpoints.put(Service.DYNAMODB, dynamodb.endpoint());
            log.info("DynamoDB (dynalite) on {}", dynamodb.endpoint());
        }
    }

    private SqsClient sqsClient(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(options.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(options.credentials().accessKeyId(), options.credentials().secretAccessKey())))
                .build();
    }

    public URI sqsEndpoint() {
        return endpoint(Service.SQS);
    }

    public URI s3Endpoint() {
        return endpoint(Service.S3);
    }

    /** The folder S3's objects are stored in, as files (under --data-dir, else a temporary folder deleted on close). */
    public Path s3Directory() {
        if (s3Directory == null) {
            throw new IllegalStateException("S3 was not started in this local cloud");
        }
        return s3Directory;
    }

    public URI dynamodbEndpoint() {
        return endpoint(Service.DYNAMODB);
    }

    public URI endpoint(Service service) {
        URI endpoint = endpoints.get(service);
        if (endpoint == null) {
            throw new IllegalStateException(service + " was not started in this local cloud");
        }
        return endpoint;
    }

    /** What S3 checks signatures against, and what {@code handler serve} is given to check its callers against. */
    public LocalCredentials credentials() {
        return options.credentials();
    }

    public String region() {
        return options.region();
    }

    /**
     * The environment that points the AWS SDK (and the AWS CLI) at this cloud: the
     * {@code AWS_ENDPOINT_URL_*} variable of each service, the region and the local credentials (which
     * {@code handler serve} also checks its callers' signatures against). The region is
     * given twice: the SDKs read {@code AWS_REGION}, AWS CLI v1 reads only {@code AWS_DEFAULT_REGION}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        endpoints.forEach((service, uri) -> env.put(service.endpointVariable(), uri.toString()));
        env.put("AWS_REGION", options.region());
        env.put("AWS_DEFAULT_REGION", options.region());
        env.put("AWS_ACCESS_KEY_ID", options.credentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", options.credentials().secretAccessKey());
        return env;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // already shutting down, or never registered
        }
    }

    private void closeQuietly() {
        close();
    }
}
