package io.smartclassroom.verifier;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SQS client from the SDK's provider chains (endpoint from {@code AWS_ENDPOINT_URL_SQS} or
 * {@code AWS_ENDPOINT_URL}, region, credentials), on the same HTTP client as the S3 one.
 */
public final class SdkSqsClientFactory implements SqsClientFactory {
    @Override
    public SqsClient open() {
        return SqsClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }
}
