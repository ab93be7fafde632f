package io.smartclassroom.verifier;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the DynamoDB client from the SDK's provider chains (endpoint from {@code AWS_ENDPOINT_URL_DYNAMODB} or
 * {@code AWS_ENDPOINT_URL}, region, credentials).
 */
public final class SdkDynamoDbClientFactory implements DynamoDbClientFactory {
    @Override
    public DynamoDbClient open() {
        return DynamoDbClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }
}
