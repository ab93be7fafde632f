package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Finds queues by name and reads their attributes. */
public final class Queues {
    private final SqsClient sqs;

    public Queues(SqsClient sqs) {
        this.sqs = requireNonNull(sqs, "sqs");
    }

    public SqsClient client() {
        return sqs;
    }

    /** The queue's URL, or empty when there is no queue of that name. */
    public Optional<String> url(String name) {
        try {
            return Optional.of(sqs.getQueueUrl(request -> request.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        } catch (SqsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code != null && code.contains("NonExistentQueue")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Map<QueueAttributeName, String> attributes(String url) {
        return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }

    public String arn(String url) {
        return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** The ARN of the named queue, or empty when there is none. */
    public Optional<String> arnOf(String name) {
        return url(name).map(this::arn);
    }
}
