package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.provisioning.aws.CloudClientFactory;
import io.smartclassroom.provisioning.aws.CloudClients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Clients pointed at a {@link LocalCloud}, recording the name of every operation they send so that a test
 * can tell whether a command wrote anything.
 */
final class LocalCloudClients implements CloudClientFactory {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final LocalCloud cloud;
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    private int opened;

    LocalCloudClients(LocalCloud cloud) {
        this.cloud = requireNonNull(cloud, "cloud");
    }

    @Override
    public CloudClients open(io.smartclassroom.provisioning.config.ProvisioningConfig config) {
        opened++;
        return clients();
    }

    /** Clients for the test's own checks; their operations are recorded too, so clear before a command. */
    CloudClients clients() {
        Region region = Region.of(cloud.region());
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        S3Client s3 = S3Client.builder()
                .endpointOverride(cloud.s3Endpoint()).region(region).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
        SqsClient sqs = SqsClient.builder()
                .endpointOverride(cloud.sqsEndpoint()).region(region).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(cloud.dynamodbEndpoint()).region(region).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
        return new CloudClients(s3, sqs, dynamoDb, Optional.empty());
    }

    int timesOpened() {
        return opened;
    }

    List<String> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    void clearOperations() {
        operations.clear();
    }

    /** The recorded operations that write: everything but Get*, Head*, List*, Describe*, Query, Scan. */
    List<String> writes() {
        return operations().stream()
                .filter(operation -> !(operation.startsWith("Get") || operation.startsWith("Head")
                        || operation.startsWith("List") || operation.startsWith("Describe")
                        || operation.equals("Query") || operation.equals("Scan")))
                .toList();
    }
}
