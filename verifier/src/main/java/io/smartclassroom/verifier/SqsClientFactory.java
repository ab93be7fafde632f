package io.smartclassroom.verifier;

import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the SQS client the {@code dlq} command uses; tests point it at an emulator. */
@FunctionalInterface
public interface SqsClientFactory {
    SqsClient open();
}
