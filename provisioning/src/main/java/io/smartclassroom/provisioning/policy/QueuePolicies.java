package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resource policies of the SQS queues. */
public final class QueuePolicies {
    public static final String S3_SERVICE_PRINCIPAL = "s3.amazonaws.com";
    public static final String SEND_MESSAGE = "sqs:SendMessage";

    private QueuePolicies() {}

    /**
     * The queue policy that lets exactly one bucket deliver its event notifications to the queue: the S3
     * service may {@code sqs:SendMessage} to this queue only on behalf of that bucket
     * ({@code aws:SourceArn}) and, when the account is known, only of that account ({@code aws:SourceAccount},
     * which guards against a bucket of the same name in another account after the bucket was deleted).
     */
    public static PolicyDocument bucketNotifications(Arn queue, Arn bucket, Optional<String> sourceAccount) {
        requireNonNull(queue, "queue");
        requireNonNull(bucket, "bucket");
        requireNonNull(sourceAccount, "sourceAccount");
        if (!queue.service().equals("sqs")) {
            throw new IllegalArgumentException("not a queue ARN: " + queue);
        }
        if (!bucket.service().equals("s3")) {
            throw new IllegalArgumentException("not a bucket ARN: " + bucket);
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        conditions.add(PolicyCondition.of("ArnEquals", "aws:SourceArn", bucket.toString()));
        sourceAccount.ifPresent(account -> {
            if (!account.matches("\\d{12}")) {
                throw new IllegalArgumentException("not an AWS account id: '" + account + "'");
            }
            conditions.add(PolicyCondition.of("StringEquals", "aws:SourceAccount", account));
        });
        PolicyStatement statement = new PolicyStatement(
                Optional.of("AllowS3ObjectCreatedFromBucket"),
                Effect.ALLOW,
                Map.of("Service", List.of(S3_SERVICE_PRINCIPAL)),
                List.of(SEND_MESSAGE),
                List.of(queue.toString()),
                conditions);
        return new PolicyDocument(Optional.of(queue.resource() + "-s3-notifications"), List.of(statement));
    }
}
