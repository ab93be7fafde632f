package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.EndpointEnvironment;
import java.util.Map;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client from the SDK's provider chains (endpoint from {@code AWS_ENDPOINT_URL_S3} or
 * {@code AWS_ENDPOINT_URL}, region, credentials). Requests are path-style when the endpoint is overridden,
 * as S3Proxy (the local cloud) needs.
 */
public final class SdkS3ClientFactory implements S3ClientFactory {
    private static final int DEFAULT_MAX_CONNECTIONS = 50;

    private final EndpointEnvironment endpoints;

    public SdkS3ClientFactory(Map<String, String> environment) {
        this.endpoints = new EndpointEnvironment(requireNonNull(environment, "environment"));
    }

    @Override
    public S3Client open(int maxConnections) {
        return S3Client.builder()
                .forcePathStyle(endpoints.isOverridden("S3"))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(DEFAULT_MAX_CONNECTIONS, maxConnections)))
                .build();
    }
}
