package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.policy.Arn;
import io.smartclassroom.provisioning.policy.PolicyDocument;
import io.smartclassroom.provisioning.policy.QueuePolicies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The request queue's resource policy: S3 may send it the input bucket's notifications, and nobody else
 * may send through this policy. See {@link QueuePolicies#bucketNotifications}.
 */
public final class QueuePolicy implements Resource {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String LOCAL_CLOUD_NOTE = "not needed on the local cloud (its SQS has no queue policies;"
            + " it delivers the notifications itself)";

    private final Queues queues;
    private final String queue;
    private final String bucket;
    private final AccountIdentity account;
    private final boolean localCloud;

    /** @param localCloud whether this is the local cloud, whose SQS (ElasticMQ) has no queue policies */
    public QueuePolicy(Queues queues, String queue, String bucket, AccountIdentity account, boolean localCloud) {
        this.queues = requireNonNull(queues, "queues");
        this.queue = requireNonNull(queue, "queue");
        this.bucket = requireNonNull(bucket, "bucket");
        this.account = requireNonNull(account, "account");
        this.localCloud = localCloud;
    }

    @Override
    public String kind() {
        return "queue-policy";
    }

    @Override
    public String name() {
        return queue;
    }

    @Override
    public String presentWord() {
        return "unchanged";
    }

    @Override
    public ResourceState inspect() {
        if (localCloud) {
            return new ResourceState.Unmanaged(LOCAL_CLOUD_NOTE);
        }
        Optional<String> url = queues.url(queue);
        if (url.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        Map<QueueAttributeName, String> attributes = queues.attributes(url.get());
        String current = attributes.get(QueueAttributeName.POLICY);
        if (current == null || current.isBlank()) {
            return new ResourceState.Absent(detail());
        }
        PolicyDocument wanted = policy(attributes.get(QueueAttributeName.QUEUE_ARN));
        JsonNode currentJson;
        try {
            currentJson = JSON.readTree(current);
        } catch (JsonProcessingException e) {
            return new ResourceState.Differs(List.of("the queue's policy is not JSON"));
        }
        return wanted.sameAs(currentJson)
                ? new ResourceState.Present(detail())
                : new ResourceState.Differs(List.of("policy is not the one that lets only " + bucket + " send"));
    }

    @Override
    public String create() {
        write();
        return detail();
    }

    @Override
    public String update(ResourceState.Differs current) {
        write();
        return "";
    }

    @Override
    public String delete() {
        Optional<String> url = queues.url(queue);
        url.ifPresent(queueUrl -> queues.client().setQueueAttributes(request -> request
                .queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.POLICY, ""))));
        return "";
    }

    private void write() {
        String url = queues.url(queue).orElseThrow(() -> new ProvisioningException(
                "queue " + queue + " does not exist; it must be created before its policy"));
        PolicyDocument policy = policy(queues.arn(url));
        queues.client().setQueueAttributes(request -> request
                .queueUrl(url)
                .attributes(Map.of(QueueAttributeName.POLICY, policy.toJsonString())));
    }

    private PolicyDocument policy(String queueArn) {
        Arn queueArnParsed = Arn.parse(queueArn);
        return QueuePolicies.bucketNotifications(
                queueArnParsed, Arn.s3Bucket(queueArnParsed.partition(), bucket), account.accountId());
    }

    private String detail() {
        return "s3.amazonaws.com may send from bucket " + bucket + " only";
    }
}
