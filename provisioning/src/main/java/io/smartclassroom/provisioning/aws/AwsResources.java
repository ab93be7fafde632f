package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.provisioning.LocalFile;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.StudentRecord;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * The storage, queue and table resources of the pipeline, in the order {@code up} creates them ({@code down} goes
 * backwards): buckets, dead-letter queue, request queue, queue policy, notification, table, students, encodings.
 * Outside the local cloud the buckets block public access, encrypt by default (SSE-S3), deny access over plain HTTP
 * (bucket policy), and they, the queues and the
 * table carry the tag {@value ManagedTag#KEY}. {@link ComputeResources} follow them.
 */
public final class AwsResources {
    private static final Duration TABLE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TABLE_POLL_INTERVAL = Duration.ofSeconds(1);

    private AwsResources() {}

    /**
     * @param students the records to seed the table with, or a reason why there are none for this command
     * @param encodingsFile the local encodings file to upload, if any
     */
    public static List<Resource> of(ProvisioningConfig config, CloudClients clients,
            StudentsInput students, Optional<LocalFile> encodingsFile) {
        requireNonNull(config, "config");
        requireNonNull(clients, "clients");
        requireNonNull(students, "students");
        requireNonNull(encodingsFile, "encodingsFile");
        ResourceNames names = config.names();
        Optional<String> locationConstraint = locationConstraint(config, clients);
        Queues queues = new Queues(clients.sqs());
        AccountIdentity account = config.localCloud() ? AccountIdentity.unknown() : clients.accountIdentity();

        List<Resource> resources = new ArrayList<>();
        boolean secured = !config.localCloud();
        String partition = partition(clients);
        resources.add(new S3Bucket(clients.s3(), names.inputBucket(), locationConstraint, secured, partition));
        resources.add(new S3Bucket(clients.s3(), names.outputBucket(), locationConstraint, secured, partition));
        String encodingsBucket = config.encodingsLocation().bucket();
        if (!encodingsBucket.equals(names.outputBucket()) && !encodingsBucket.equals(names.inputBucket())) {
            resources.add(new S3Bucket(clients.s3(), encodingsBucket, locationConstraint, secured, partition));
        }
        resources.addAll(lifecycles(config, clients));
        resources.add(SqsQueue.deadLetterQueue(queues, names.deadLetterQueue(), config.queueSettings(), config.localCloud()));
        resources.add(SqsQueue.requestQueue(queues, names.queue(), names.deadLetterQueue(), config.queueSettings(),
                config.localCloud()));
        resources.add(new QueuePolicy(queues, names.queue(), names.inputBucket(), account, config.localCloud()));
        resources.add(new BucketNotification(clients.s3(), queues, names.inputBucket(), names.queue(),
                config.videoSuffixes(), config.localCloud()));
        resources.add(new DynamoDbTable(clients.dynamoDb(), names.table(), names.nameIndex(), TABLE_TIMEOUT, TABLE_POLL_INTERVAL,
                !config.localCloud()));
        resources.add(students.records()
                .<Resource>map(records -> new StudentRecords(clients.dynamoDb(), names.table(), records))
                .orElseGet(() -> new UnavailableResource("students", names.table(), students.unavailableReason())));
        resources.add(UploadedObject.encodings(clients.s3(), config.encodingsLocation(), encodingsFile));
        return List.copyOf(resources);
    }

    /**
     * The buckets' lifecycle rules: the input videos and the evidence images expire after {@code retention-days}. Not
     * on the local cloud: S3Proxy has no lifecycle rules.
     */
    static List<Resource> lifecycles(ProvisioningConfig config, CloudClients clients) {
        ResourceNames names = config.names();
        if (config.localCloud()) {
            String note = ComputeResources.LOCAL_CLOUD + "S3 lifecycle rules (videos and evidence would expire after "
                    + config.retentionDays() + " days); nothing changed";
            return List.of(new UnavailableResource("lifecycle", names.inputBucket(), note),
                    new UnavailableResource("lifecycle", names.outputBucket(), note));
        }
        return List.of(
                new BucketLifecycle(clients.s3(), names.inputBucket(), BucketLifecycle.videosRule(config.retentionDays())),
                new BucketLifecycle(clients.s3(), names.outputBucket(), BucketLifecycle.evidenceRule(config.retentionDays())));
    }

    /** The student records, or why there are none. */
    public record StudentsInput(Optional<List<StudentRecord>> records, String unavailableReason) {
        public StudentsInput {
            requireNonNull(records, "records");
            requireNonNull(unavailableReason, "unavailableReason");
        }

        public static StudentsInput of(List<StudentRecord> records) {
            return new StudentsInput(Optional.of(records), "");
        }

        public static StudentsInput unavailable(String reason) {
            return new StudentsInput(Optional.empty(), reason);
        }
    }

    /** The partition of the S3 client's region ({@code aws} when it is not known), for the buckets' ARNs. */
    private static String partition(CloudClients clients) {
        Region region = clients.s3().serviceClientConfiguration().region();
        if (region == null || region.metadata() == null || region.metadata().partition() == null) {
            return "aws";
        }
        return region.metadata().partition().id();
    }

    /** S3 wants the region said outright when creating a bucket outside us-east-1; S3Proxy wants nothing. */
    private static Optional<String> locationConstraint(ProvisioningConfig config, CloudClients clients) {
        if (config.localCloud()) {
            return Optional.empty();
        }
        Region region = clients.s3().serviceClientConfiguration().region();
        return region == null || region.equals(Region.US_EAST_1) ? Optional.empty() : Optional.of(region.id());
    }
}
