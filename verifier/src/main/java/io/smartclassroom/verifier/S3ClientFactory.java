package io.smartclassroom.verifier;

import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client a command uses; tests point it at an emulator. */
@FunctionalInterface
public interface S3ClientFactory {
    /** @param maxConnections how many requests the client must be able to run at once */
    S3Client open(int maxConnections);
}
