package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.EndpointEnvironment;
import java.util.Map;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The Java-based multipart {@link S3AsyncClient} (not the CRT one: no native code) that the transfer manager uses:
 * endpoint, region and credentials from the SDK's provider chains like every other client, path-style requests when
 * the endpoint is overridden (S3Proxy). Objects over {@link VideoUploader#MULTIPART_THRESHOLD} go up in
 * {@link VideoUploader#PART_SIZE} parts read from the file.
 */
public final class SdkS3TransferClientFactory implements S3TransferClientFactory {
    private static final int DEFAULT_MAX_CONCURRENCY = 50;

    private final EndpointEnvironment endpoints;

    public SdkS3TransferClientFactory(Map<String, String> environment) {
        this.endpoints = new EndpointEnvironment(requireNonNull(environment, "environment"));
    }

    @Override
    public S3AsyncClient open(int maxConcurrency) {
        return S3AsyncClient.builder()
                .forcePathStyle(endpoints.isOverridden("S3"))
                .multipartEnabled(true)
                .multipartConfiguration(VideoUploader.multipartConfiguration())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(Math.max(DEFAULT_MAX_CONCURRENCY, maxConcurrency)))
                .build();
    }
}
