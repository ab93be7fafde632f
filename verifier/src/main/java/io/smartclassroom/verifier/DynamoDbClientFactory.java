package io.smartclassroom.verifier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the DynamoDB client the {@code report} command reads the roster with; tests point it at an emulator. */
@FunctionalInterface
public interface DynamoDbClientFactory {
    DynamoDbClient open();
}
