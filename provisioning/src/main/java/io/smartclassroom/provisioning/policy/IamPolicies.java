package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.MetricNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM policy documents of the pipeline, as data: the function role's trust policy, the function's
 * least-privilege permissions and the monitor user's permissions. Each names exact actions on exact ARNs.
 */
public final class IamPolicies {
    public static final String LAMBDA_SERVICE_PRINCIPAL = "lambda.amazonaws.com";
    private static final java.util.regex.Pattern IPV4_CIDR = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)");

    private IamPolicies() {}

    /** The log group Lambda writes a function's logs to. */
    public static String functionLogGroup(String function) {
        return "/aws/lambda/" + requireNonNull(function, "function");
    }

    /** The function role's trust policy: only the Lambda service may assume the role. */
    public static PolicyDocument lambdaTrust() {
        PolicyStatement statement = new PolicyStatement(
                Optional.of("LambdaAssumesRole"),
                Effect.ALLOW,
                Map.of("Service", List.of(LAMBDA_SERVICE_PRINCIPAL)),
                List.of("sts:AssumeRole"),
                List.of(),
                List.of());
        return new PolicyDocument(Optional.empty(), List.of(statement));
    }

    /** What the function reads and writes; the encodings object may live in any bucket but the input bucket. */
    public record FunctionAccess(
            String inputBucket,
            String outputBucket,
            String encodingsBucket,
            String encodingsKey,
            String table,
            String nameIndex,
            String function) {
        public FunctionAccess {
            requireNonNull(inputBucket, "inputBucket");
            requireNonNull(outputBucket, "outputBucket");
            requireNonNull(encodingsBucket, "encodingsBucket");
            requireNonNull(encodingsKey, "encodingsKey");
            requireNonNull(table, "table");
            requireNonNull(nameIndex, "nameIndex");
            requireNonNull(function, "function");
        }
    }

    /**
     * The function's inline policy:
     * <ul>
     *   <li>{@code s3:GetObject} on the input bucket's objects (the videos);</li>
     *   <li>{@code s3:PutObject} on the output bucket's {@code *.csv} objects only (so that the function cannot
     *       overwrite the encodings or anything else kept there);</li>
     *   <li>{@code s3:GetObject} on the encodings object;</li>
     *   <li>{@code dynamodb:GetItem} and {@code dynamodb:Query} on the students table and its name index;</li>
     *   <li>{@code logs:CreateLogGroup}, {@code logs:CreateLogStream} and {@code logs:PutLogEvents} on the
     *       function's own log group {@code /aws/lambda/<function>} (what AWSLambdaBasicExecutionRole grants
     *       on every log group).</li>
     * </ul>
     */
    public static PolicyDocument function(AwsAccount account, FunctionAccess access) {
        requireNonNull(account, "account");
        requireNonNull(access, "access");
        String logGroup = functionLogGroup(access.function());
        return new PolicyDocument(Optional.empty(), List.of(
                PolicyStatement.allow("ReadVideos",
                        List.of("s3:GetObject"),
                        List.of(account.s3Objects(access.inputBucket(), "*").toString())),
                PolicyStatement.allow("WriteResults",
                        List.of("s3:PutObject"),
                        List.of(account.s3Objects(access.outputBucket(), "*.csv").toString())),
                PolicyStatement.allow("ReadEncodings",
                        List.of("s3:GetObject"),
                        List.of(account.s3Objects(access.encodingsBucket(), access.encodingsKey()).toString())),
                PolicyStatement.allow("FindStudents",
                        List.of("dynamodb:GetItem", "dynamodb:Query"),
                        List.of(account.dynamoDbTable(access.table()).toString(),
                                account.dynamoDbIndex(access.table(), access.nameIndex()).toString())),
                PolicyStatement.allow("WriteOwnLogs",
                        List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(account.logGroup(logGroup).toString(), account.logGroupContents(logGroup).toString()))));
    }

    /**
     * The monitor's inline policy, usable from anywhere: for a monitor whose address is not known (see
     * {@link #monitor(AwsAccount, String, String, String, List)}).
     */
    public static PolicyDocument monitor(AwsAccount account, String queue, String deadLetterQueue, String function) {
        return monitor(account, queue, deadLetterQueue, function, List.of());
    }

    /**
     * The monitor's inline policy: receive, delete and change the visibility of messages of the request queue
     * (and read its attributes and URL, which the monitor does once at start); find the dead-letter queue its
     * redrive policy names, send to it (the monitor moves a rejected video there at once, with the reason) and read
     * its depth; invoke the function; and publish its metrics ({@code cloudwatch:PutMetricData} has no resource
     * ARNs: the {@code cloudwatch:namespace} condition holds it to {@value MetricNames#NAMESPACE}). With
     * {@code sourceCidrs} (the monitor server's floating IP as {@code a.b.c.d/32}), every statement holds only for
     * requests from those addresses ({@code IpAddress aws:SourceIp}), so that a copied key is of no use elsewhere.
     */
    public static PolicyDocument monitor(AwsAccount account, String queue, String deadLetterQueue, String function,
            List<String> sourceCidrs) {
        requireNonNull(account, "account");
        requireNonNull(sourceCidrs, "sourceCidrs");
        for (String cidr : sourceCidrs) {
            if (!IPV4_CIDR.matcher(cidr).matches()) {
                throw new IllegalArgumentException("monitor source address '" + cidr + "' is not an IPv4 CIDR such as 203.0.113.7/32");
            }
        }
        List<PolicyCondition> from = sourceCidrs.isEmpty()
                ? List.of()
                : List.of(new PolicyCondition("IpAddress", "aws:SourceIp", sourceCidrs));
        return new PolicyDocument(Optional.empty(), List.of(
                allow("ConsumeRequests",
                        List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                                "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        List.of(account.sqsQueue(queue).toString()), from),
                allow("DeadLetterRequests",
                        List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                        List.of(account.sqsQueue(deadLetterQueue).toString()), from),
                allow("InvokeFunction",
                        List.of("lambda:InvokeFunction"),
                        List.of(account.lambdaFunction(function).toString()), from),
                allow("PublishMetrics",
                        List.of("cloudwatch:PutMetricData"), List.of("*"),
                        concat(List.of(PolicyCondition.of("StringEquals", "cloudwatch:namespace", MetricNames.NAMESPACE)),
                                from))));
    }

    private static List<PolicyCondition> concat(List<PolicyCondition> a, List<PolicyCondition> b) {
        List<PolicyCondition> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources, List<PolicyCondition> conditions) {
        return new PolicyStatement(Optional.of(sid), Effect.ALLOW, Map.of(), actions, resources, conditions);
    }
}
