package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.pipeline.StudentRecord;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 (S3Proxy) and DynamoDB (dynalite) on 127.0.0.1 for a test class, and clients pointed at them. */
public final class LocalAws implements AutoCloseable {
    private final LocalCloud cloud;

    private LocalAws(LocalCloud cloud) {
        this.cloud = requireNonNull(cloud, "cloud");
    }

    /** S3 and DynamoDB. */
    public static LocalAws start() throws IOException {
        return start(Service.S3, Service.DYNAMODB);
    }

    /** Only the services named (S3 takes longer to start than DynamoDB). */
    public static LocalAws start(Service first, Service... rest) throws IOException {
        return new LocalAws(LocalCloud.start(LocalCloudOptions.defaults()
                .only(first, rest)
                .withNotifications(List.of())));
    }

    public LocalCloud cloud() {
        return cloud;
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
    }

    /** A new S3 client (path-style, as S3Proxy needs); the caller closes it. */
    public S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    /** A new DynamoDB client; the caller closes it. */
    public DynamoDbClient dynamoDbClient() {
        return DynamoDbClient.builder()
                .endpointOverride(cloud.dynamodbEndpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(credentials())
                .build();
    }

    /** Creates the students table as provisioning does: {@code id} (number) key, a GSI on {@code name}. */
    public static void createStudentsTable(DynamoDbClient dynamoDb, String table, String nameIndex, ProjectionType projection) {
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("name").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(nameIndex)
                        .keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(projection).build())
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build());
    }

    public static void putStudent(DynamoDbClient dynamoDb, String table, int id, StudentRecord student) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                "id", AttributeValue.fromN(Integer.toString(id)),
                "name", AttributeValue.fromS(student.name()),
                "major", AttributeValue.fromS(student.major()),
                "year", AttributeValue.fromS(student.year()))));
    }

    @Override
    public void close() {
        cloud.close();
    }
}
