package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds the monitor's SQS, Lambda and CloudWatch clients. Endpoints and credentials come from the SDK's own provider
 * chains ({@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_LAMBDA}, ...); the customizer exists so tests
 * can point a client at an emulator.
 */
public final class AwsClients {
    /** Connections beyond one per in-flight message: deletes, heartbeats and the receive poll. */
    private static final int SPARE_CONNECTIONS = 10;

    private AwsClients() {}

    public static SqsClient sqs(MonitorConfig config, Consumer<SqsClientBuilder> customizer) {
        requireNonNull(config, "config");
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        // every worker may delete or heartbeat at once, on top of the long poll
                        .maxConnections(config.concurrency() + SPARE_CONNECTIONS)
                        // the long poll holds the connection for up to receiveWaitSeconds
                        .socketTimeout(Duration.ofSeconds(config.receiveWaitSeconds() + 15L))
                        .connectionTimeout(Duration.ofSeconds(10))
                        .tcpKeepAlive(true));
        config.region().ifPresent(region -> builder.region(Region.of(region)));
        requireNonNull(customizer, "customizer").accept(builder);
        return builder.build();
    }

    /** The CloudWatch client for the metrics: few connections, short timeouts (a publication may be skipped). */
    public static CloudWatchClient cloudWatch(MonitorConfig config, Consumer<CloudWatchClientBuilder> customizer) {
        requireNonNull(config, "config");
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(2)
                        .socketTimeout(Duration.ofSeconds(10))
                        .connectionTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(override -> override.apiCallTimeout(Duration.ofSeconds(30)));
        config.region().ifPresent(region -> builder.region(Region.of(region)));
        requireNonNull(customizer, "customizer").accept(builder);
        return builder.build();
    }

    public static LambdaClient lambda(MonitorConfig config, Consumer<LambdaClientBuilder> customizer) {
        requireNonNull(config, "config");
        Duration invokeTimeout = config.invokeTimeout();
        LambdaClientBuilder builder = LambdaClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(config.concurrency() + SPARE_CONNECTIONS)
                        // a RequestResponse Invoke holds the connection silent for as long as the function runs
                        .socketTimeout(invokeTimeout)
                        .connectionTimeout(Duration.ofSeconds(10))
                        // keep long, silent calls alive through NAT on the VM's network
                        .tcpKeepAlive(true))
                .overrideConfiguration(override -> override
                        .apiCallAttemptTimeout(invokeTimeout)
                        .apiCallTimeout(invokeTimeout.multipliedBy(config.invokeAttempts()).plusSeconds(5))
                        // the queue is the retry mechanism: by default one attempt per Invoke
                        .retryStrategy(retry -> retry.maxAttempts(config.invokeAttempts())));
        config.region().ifPresent(region -> builder.region(Region.of(region)));
        requireNonNull(customizer, "customizer").accept(builder);
        return builder.build();
    }
}
