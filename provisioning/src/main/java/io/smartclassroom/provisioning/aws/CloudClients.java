package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One client per service, built once and closed together. STS, IAM, ECR, Lambda and CloudWatch are absent on the local
 * cloud, which does not emulate them.
 */
public record CloudClients(
        S3Client s3,
        SqsClient sqs,
        DynamoDbClient dynamoDb,
        Optional<StsClient> sts,
        Optional<IamClient> iam,
        Optional<EcrClient> ecr,
        Optional<LambdaClient> lambda,
        Optional<CloudWatchClient> cloudWatch) implements AutoCloseable {

    public CloudClients {
        requireNonNull(s3, "s3");
        requireNonNull(sqs, "sqs");
        requireNonNull(dynamoDb, "dynamoDb");
        requireNonNull(sts, "sts");
        requireNonNull(iam, "iam");
        requireNonNull(ecr, "ecr");
        requireNonNull(lambda, "lambda");
        requireNonNull(cloudWatch, "cloudWatch");
    }

    /** Without a CloudWatch client (its alarms say "no CloudWatch client here"). */
    public CloudClients(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb, Optional<StsClient> sts,
            Optional<IamClient> iam, Optional<EcrClient> ecr, Optional<LambdaClient> lambda) {
        this(s3, sqs, dynamoDb, sts, iam, ecr, lambda, Optional.empty());
    }

    /** The storage, queue and table clients only (the local cloud). */
    public CloudClients(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb, Optional<StsClient> sts) {
        this(s3, sqs, dynamoDb, sts, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The account through STS, or {@link AccountIdentity#unknown()} without an STS client. */
    public AccountIdentity accountIdentity() {
        return sts.<AccountIdentity>map(StsAccountIdentity::new).orElse(AccountIdentity.unknown());
    }

    /** The region the clients use (that of the queue client; they are all built alike). */
    public Optional<Region> region() {
        return Optional.ofNullable(sqs.serviceClientConfiguration().region());
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamoDb.close();
        sts.ifPresent(StsClient::close);
        iam.ifPresent(IamClient::close);
        ecr.ifPresent(EcrClient::close);
        lambda.ifPresent(LambdaClient::close);
        cloudWatch.ifPresent(CloudWatchClient::close);
    }
}
