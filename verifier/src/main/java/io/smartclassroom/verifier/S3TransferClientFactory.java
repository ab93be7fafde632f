package io.smartclassroom.verifier;

import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Builds the asynchronous S3 client the upload command's transfer manager runs on; tests point it at an emulator. */
@FunctionalInterface
public interface S3TransferClientFactory {
    /** @param maxConcurrency how many requests the client must be able to run at once */
    S3AsyncClient open(int maxConcurrency);
}
