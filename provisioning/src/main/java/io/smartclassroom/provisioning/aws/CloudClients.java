package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** One client per service, built once and closed together. */
public record CloudClients(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb, Optional<StsClient> sts)
        implements AutoCloseable {

    public CloudClients {
        requireNonNull(s3, "s3");
        requireNonNull(sqs, "sqs");
        requireNonNull(dynamoDb, "dynamoDb");
        requireNonNull(sts, "sts");
    }

    /** The account through STS, or {@link AccountIdentity#unknown()} without an STS client. */
    public AccountIdentity accountIdentity() {
        return sts.<AccountIdentity>map(StsAccountIdentity::new).orElse(AccountIdentity.unknown());
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamoDb.close();
        sts.ifPresent(StsClient::close);
    }
}
