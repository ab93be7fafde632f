package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The input bucket's ObjectCreated notification to the request queue, written through the S3 API. The
 * local cloud has no such API (S3Proxy answers 501); it delivers the events itself from its own
 * configuration, so there this resource is {@link ResourceState.Unmanaged}.
 */
public final class BucketNotification implements Resource {
    public static final String LOCAL_CLOUD_NOTE = "delivered by the local cloud (S3 API not implemented here)";

    private final S3Client s3;
    private final Queues queues;
    private final String bucket;
    private final String queue;
    private final List<String> suffixes;
    private final boolean localCloud;

    public BucketNotification(S3Client s3, Queues queues, String bucket, String queue, List<String> suffixes,
            boolean localCloud) {
        this.s3 = requireNonNull(s3, "s3");
        this.queues = requireNonNull(queues, "queues");
        this.bucket = requireNonNull(bucket, "bucket");
        this.queue = requireNonNull(queue, "queue");
        this.suffixes = List.copyOf(requireNonNull(suffixes, "suffixes"));
        this.localCloud = localCloud;
    }

    @Override
    public String kind() {
        return "notification";
    }

    @Override
    public String name() {
        return bucket + " -> " + queue;
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
        Optional<NotificationConfiguration> current;
        try {
            current = read();
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return new ResourceState.Unmanaged(LOCAL_CLOUD_NOTE);
            }
            throw e;
        }
        if (current.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        List<QueueConfiguration> ours = QueueNotifications.ours(current.get(), queue);
        if (ours.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        Optional<String> queueArn = queues.arnOf(queue);
        if (queueArn.isEmpty()) {
            return new ResourceState.Differs(List.of("queue " + queue + " does not exist"));
        }
        return QueueNotifications.same(ours, QueueNotifications.wanted(queue, queueArn.get(), suffixes))
                ? new ResourceState.Present(detail())
                : new ResourceState.Differs(List.of("events or suffix filters differ from " + detail()));
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
        NotificationConfiguration current = read().orElseThrow(() -> new ProvisioningException("bucket " + bucket + " disappeared"));
        put(QueueNotifications.replaceOurs(current, queue, List.of()));
        return "";
    }

    private void write() {
        String queueArn = queues.arnOf(queue).orElseThrow(() -> new ProvisioningException(
                "queue " + queue + " does not exist; it must be created before the notification"));
        NotificationConfiguration current = read().orElseThrow(() -> new ProvisioningException(
                "bucket " + bucket + " does not exist; it must be created before its notification"));
        put(QueueNotifications.replaceOurs(current, queue, QueueNotifications.wanted(queue, queueArn, suffixes)));
    }

    private void put(NotificationConfiguration configuration) {
        s3.putBucketNotificationConfiguration(request -> request.bucket(bucket).notificationConfiguration(configuration));
    }

    /** The bucket's notification configuration, or empty when the bucket does not exist. */
    private Optional<NotificationConfiguration> read() {
        GetBucketNotificationConfigurationResponse response;
        try {
            response = s3.getBucketNotificationConfiguration(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(NotificationConfiguration.builder()
                .queueConfigurations(response.queueConfigurations())
                .topicConfigurations(response.topicConfigurations())
                .lambdaFunctionConfigurations(response.lambdaFunctionConfigurations())
                .eventBridgeConfiguration(response.eventBridgeConfiguration())
                .build());
    }

    private String detail() {
        return "s3:ObjectCreated:* of " + String.join(" ", suffixes);
    }
}
