package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The students table: hash key {@code id} (number), global secondary index on {@code name} (string)
 * projecting all attributes, on-demand capacity. {@code create} waits until the table is ACTIVE.
 */
public final class DynamoDbTable implements Resource {
    private static final Logger log = LoggerFactory.getLogger(DynamoDbTable.class);
    static final String HASH_KEY = "id";
    static final String NAME_ATTRIBUTE = "name";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String nameIndex;
    private final Duration timeout;
    private final Duration pollInterval;
    private final boolean tagged;

    /** A table without the tag (the local cloud: dynalite accepts tags but does not keep them). */
    public DynamoDbTable(DynamoDbClient dynamoDb, String table, String nameIndex, Duration timeout, Duration pollInterval) {
        this(dynamoDb, table, nameIndex, timeout, pollInterval, false);
    }

    /** @param tagged whether the table carries the tag {@value ManagedTag#KEY} */
    public DynamoDbTable(DynamoDbClient dynamoDb, String table, String nameIndex, Duration timeout, Duration pollInterval,
            boolean tagged) {
        this.tagged = tagged;
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireNonNull(table, "table");
        this.nameIndex = requireNonNull(nameIndex, "nameIndex");
        this.timeout = requireNonNull(timeout, "timeout");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval");
    }

    @Override
    public String kind() {
        return "table";
    }

    @Override
    public String name() {
        return table;
    }

    @Override
    public ResourceState inspect() {
        Optional<TableDescription> description = describe();
        if (description.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        List<String> differences = new ArrayList<>(differences(description.get(), nameIndex));
        if (tagged && !hasTag(description.get())) {
            differences.add(ManagedTag.missing());
        }
        return differences.isEmpty()
                ? new ResourceState.Present(description.get().tableStatusAsString() + ", " + detail())
                : new ResourceState.Differs(differences);
    }

    @Override
    public String create() {
        dynamoDb.createTable(request -> request
                .tableName(table)
                .attributeDefinitions(
                        attribute(HASH_KEY, ScalarAttributeType.N),
                        attribute(NAME_ATTRIBUTE, ScalarAttributeType.S))
                .keySchema(hashKey(HASH_KEY))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(nameIndex)
                        .keySchema(hashKey(NAME_ATTRIBUTE))
                        .projection(projection -> projection.projectionType(ProjectionType.ALL))
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .tags(tagged ? List.of(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build()) : List.of()));
        Duration waited = waitUntilActive();
        return "ACTIVE after " + waited.toMillis() + " ms, " + detail();
    }

    @Override
    public String update(ResourceState.Differs current) {
        TableDescription description = describe().orElseThrow(() -> new ProvisioningException("table " + table + " disappeared"));
        if (!hasWantedKey(description)) {
            throw new ProvisioningException("table " + table + " does not have " + HASH_KEY + " (N) as its only key,"
                    + " which cannot be changed; delete it (down --yes) and run up again");
        }
        if (!isOnDemand(description)) {
            dynamoDb.updateTable(request -> request.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST));
            waitUntilActive();
        }
        Optional<GlobalSecondaryIndexDescription> index = index(description, nameIndex);
        if (index.isPresent() && !isWantedIndex(description, index.get())) {
            throw new ProvisioningException("index " + nameIndex + " of table " + table + " is not a hash index on "
                    + NAME_ATTRIBUTE + " (S) projecting ALL; delete the index or the table and run up again");
        }
        if (index.isEmpty()) {
            try {
                dynamoDb.updateTable(request -> request
                        .tableName(table)
                        .attributeDefinitions(attribute(NAME_ATTRIBUTE, ScalarAttributeType.S))
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                                .create(create -> create
                                        .indexName(nameIndex)
                                        .keySchema(hashKey(NAME_ATTRIBUTE))
                                        .projection(projection -> projection.projectionType(ProjectionType.ALL)))
                                .build()));
            } catch (DynamoDbException e) {
                throw cannotAddIndex(e.getMessage(), e);
            }
        }
        waitUntilActive();
        TableDescription updated = describe().orElseThrow(() -> new ProvisioningException("table " + table + " disappeared"));
        if (index(updated, nameIndex).isEmpty()) {
            // dynalite (the local cloud's DynamoDB) accepts the update but never adds the index
            throw cannotAddIndex("the update was accepted but the index did not appear", null);
        }
        if (tagged && !hasTag(updated)) {
            dynamoDb.tagResource(request -> request.resourceArn(updated.tableArn())
                    .tags(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build()));
        }
        return "";
    }

    private boolean hasTag(TableDescription description) {
        String nextToken = null;
        do {
            String token = nextToken;
            ListTagsOfResourceResponse response = dynamoDb.listTagsOfResource(request -> request
                    .resourceArn(description.tableArn()).nextToken(token));
            if (response.tags().stream().anyMatch(tag -> tag.key().equals(ManagedTag.KEY) && tag.value().equals(ManagedTag.VALUE))) {
                return true;
            }
            nextToken = response.nextToken();
        } while (nextToken != null);
        return false;
    }

    private ProvisioningException cannotAddIndex(String reason, Throwable cause) {
        return new ProvisioningException("could not add index " + nameIndex + " to table " + table + " (" + reason
                + "); delete the table (down --yes) and run up again", cause);
    }

    @Override
    public String delete() {
        dynamoDb.deleteTable(request -> request.tableName(table));
        try (DynamoDbWaiter waiter = waiter()) {
            waiter.waitUntilTableNotExists(request -> request.tableName(table));
        }
        return "";
    }

    /** What is not as wanted in the table's description; empty when it is all as wanted. */
    static List<String> differences(TableDescription description, String nameIndex) {
        List<String> differences = new ArrayList<>();
        if (!hasWantedKey(description)) {
            differences.add("key is " + describeKey(description.keySchema(), description.attributeDefinitions())
                    + ", not " + HASH_KEY + " (N)");
        }
        Optional<GlobalSecondaryIndexDescription> index = index(description, nameIndex);
        if (index.isEmpty()) {
            differences.add("no index " + nameIndex);
        } else if (!isWantedIndex(description, index.get())) {
            differences.add("index " + nameIndex + " is " + describeKey(index.get().keySchema(), description.attributeDefinitions())
                    + " projecting " + (index.get().projection() == null ? "?" : index.get().projection().projectionTypeAsString())
                    + ", not " + NAME_ATTRIBUTE + " (S) projecting ALL");
        }
        if (!isOnDemand(description)) {
            differences.add("billing mode is provisioned, not PAY_PER_REQUEST");
        }
        return differences;
    }

    private static boolean hasWantedKey(TableDescription description) {
        return isHashKeyOnly(description.keySchema(), HASH_KEY)
                && attributeType(description, HASH_KEY).equals(Optional.of(ScalarAttributeType.N.toString()));
    }

    private static boolean isWantedIndex(TableDescription description, GlobalSecondaryIndexDescription index) {
        return isHashKeyOnly(index.keySchema(), NAME_ATTRIBUTE)
                && attributeType(description, NAME_ATTRIBUTE).equals(Optional.of(ScalarAttributeType.S.toString()))
                && index.projection() != null
                && index.projection().projectionType() == ProjectionType.ALL;
    }

    /** On-demand: billing mode PAY_PER_REQUEST, or (emulators without a billing summary) zero provisioned throughput. */
    private static boolean isOnDemand(TableDescription description) {
        if (description.billingModeSummary() != null && description.billingModeSummary().billingMode() != null) {
            return description.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
        }
        return description.provisionedThroughput() == null
                || (zero(description.provisionedThroughput().readCapacityUnits())
                && zero(description.provisionedThroughput().writeCapacityUnits()));
    }

    private static boolean zero(Long value) {
        return value == null || value == 0L;
    }

    private static boolean isHashKeyOnly(List<KeySchemaElement> keySchema, String attribute) {
        return keySchema.size() == 1
                && keySchema.get(0).keyType() == KeyType.HASH
                && keySchema.get(0).attributeName().equals(attribute);
    }

    private static Optional<String> attributeType(TableDescription description, String attribute) {
        return description.attributeDefinitions().stream()
                .filter(definition -> definition.attributeName().equals(attribute))
                .map(AttributeDefinition::attributeTypeAsString)
                .findFirst();
    }

    private static Optional<GlobalSecondaryIndexDescription> index(TableDescription description, String indexName) {
        return description.globalSecondaryIndexes().stream()
                .filter(index -> index.indexName().equals(indexName))
                .findFirst();
    }

    private static String describeKey(List<KeySchemaElement> keySchema, List<AttributeDefinition> definitions) {
        List<String> parts = new ArrayList<>();
        for (KeySchemaElement element : keySchema) {
            String type = definitions.stream()
                    .filter(definition -> definition.attributeName().equals(element.attributeName()))
                    .map(AttributeDefinition::attributeTypeAsString)
                    .findFirst()
                    .orElse("?");
            parts.add(element.attributeName() + " (" + type + ") " + element.keyTypeAsString());
        }
        return String.join(" + ", parts);
    }

    private Optional<TableDescription> describe() {
        try {
            DescribeTableResponse response = dynamoDb.describeTable(request -> request.tableName(table));
            return Optional.of(response.table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Waits with the SDK waiter until the table is ACTIVE, then until every index is ACTIVE. */
    private Duration waitUntilActive() {
        Instant start = Instant.now();
        try (DynamoDbWaiter waiter = waiter()) {
            WaiterResponse<DescribeTableResponse> response =
                    waiter.waitUntilTableExists(request -> request.tableName(table));
            response.matched().exception().ifPresent(e -> {
                throw new ProvisioningException("table " + table + " did not become ACTIVE: " + e.getMessage(), e);
            });
        }
        Instant deadline = start.plus(timeout);
        while (true) {
            TableDescription description = describe().orElseThrow(() -> new ProvisioningException("table " + table + " disappeared"));
            boolean indexesActive = description.globalSecondaryIndexes().stream()
                    .allMatch(index -> index.indexStatus() == null || index.indexStatus() == IndexStatus.ACTIVE);
            if (indexesActive) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ProvisioningException("the indexes of table " + table + " did not become ACTIVE within " + timeout);
            }
            log.info("waiting for the indexes of table {} to become ACTIVE", table);
            sleep(pollInterval);
        }
        return Duration.between(start, Instant.now());
    }

    private DynamoDbWaiter waiter() {
        int attempts = (int) Math.max(1, timeout.toMillis() / Math.max(1, pollInterval.toMillis()));
        return DynamoDbWaiter.builder()
                .client(dynamoDb)
                .overrideConfiguration(configuration -> configuration
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(pollInterval))
                        .maxAttempts(attempts)
                        .waitTimeout(timeout))
                .build();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting for a table", e);
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement hashKey(String attribute) {
        return KeySchemaElement.builder().attributeName(attribute).keyType(KeyType.HASH).build();
    }

    private String detail() {
        return "hash key " + HASH_KEY + " (N), index " + nameIndex + " on " + NAME_ATTRIBUTE + " (S) projecting ALL, on demand";
    }
}
