package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * An AWS account in one region of one partition, and the ARNs of the resources the pipeline has there.
 *
 * @param partition {@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...
 * @param region e.g. {@code eu-west-1}
 * @param accountId the 12-digit account id
 */
public record AwsAccount(String partition, String region, String accountId) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public AwsAccount {
        requireNonNull(partition, "partition");
        requireNonNull(region, "region");
        requireNonNull(accountId, "accountId");
        if (partition.isEmpty() || region.isEmpty()) {
            throw new IllegalArgumentException("an account needs a partition and a region");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not an AWS account id: '" + accountId + "'");
        }
    }

    /** {@code arn:aws:s3:::bucket}: S3 bucket ARNs have neither region nor account. */
    public Arn s3Bucket(String bucket) {
        return Arn.s3Bucket(partition, bucket);
    }

    /** {@code arn:aws:s3:::bucket/pattern}, e.g. {@code bucket/*} for every object of the bucket. */
    public Arn s3Objects(String bucket, String keyPattern) {
        requireNonNull(bucket, "bucket");
        requireNonNull(keyPattern, "keyPattern");
        return new Arn(partition, "s3", "", "", bucket + "/" + keyPattern);
    }

    /** {@code arn:aws:dynamodb:region:account:table/T}. */
    public Arn dynamoDbTable(String table) {
        return arn("dynamodb", "table/" + requireNonNull(table, "table"));
    }

    /** {@code arn:aws:dynamodb:region:account:table/T/index/I}. */
    public Arn dynamoDbIndex(String table, String index) {
        return arn("dynamodb", "table/" + requireNonNull(table, "table") + "/index/" + requireNonNull(index, "index"));
    }

    /** {@code arn:aws:sqs:region:account:queue}. */
    public Arn sqsQueue(String queue) {
        return arn("sqs", requireNonNull(queue, "queue"));
    }

    /** {@code arn:aws:lambda:region:account:function:F} (the unqualified function). */
    public Arn lambdaFunction(String function) {
        return arn("lambda", "function:" + requireNonNull(function, "function"));
    }

    /** {@code arn:aws:logs:region:account:log-group:NAME}. */
    public Arn logGroup(String logGroup) {
        return arn("logs", "log-group:" + requireNonNull(logGroup, "logGroup"));
    }

    /** {@code arn:aws:logs:region:account:log-group:NAME:*}: the log group's streams and events. */
    public Arn logGroupContents(String logGroup) {
        return arn("logs", "log-group:" + requireNonNull(logGroup, "logGroup") + ":*");
    }

    /** {@code arn:aws:ecr:region:account:repository/R}. */
    public Arn ecrRepository(String repository) {
        return arn("ecr", "repository/" + requireNonNull(repository, "repository"));
    }

    /** {@code arn:aws:iam::account:role/R}: IAM is global, so its ARNs have no region. */
    public Arn iamRole(String role) {
        return new Arn(partition, "iam", "", accountId, "role/" + requireNonNull(role, "role"));
    }

    /** {@code arn:aws:iam::account:user/U}. */
    public Arn iamUser(String user) {
        return new Arn(partition, "iam", "", accountId, "user/" + requireNonNull(user, "user"));
    }

    private Arn arn(String service, String resource) {
        return new Arn(partition, service, region, accountId, resource);
    }
}
