package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoDbTableDifferencesTest {
    @Test
    void theWantedTableHasNoDifferences() {
        assertThat(DynamoDbTable.differences(wanted().build(), "name-index")).isEmpty();
    }

    @Test
    void aTableWithoutBillingSummaryButZeroThroughputIsOnDemand() {
        TableDescription emulator = wanted()
                .billingModeSummary((software.amazon.awssdk.services.dynamodb.model.BillingModeSummary) null)
                .provisionedThroughput(throughput -> throughput.readCapacityUnits(0L).writeCapacityUnits(0L))
                .build();
        TableDescription provisioned = wanted()
                .billingModeSummary((software.amazon.awssdk.services.dynamodb.model.BillingModeSummary) null)
                .provisionedThroughput(throughput -> throughput.readCapacityUnits(5L).writeCapacityUnits(5L))
                .build();

        assertThat(DynamoDbTable.differences(emulator, "name-index")).isEmpty();
        assertThat(DynamoDbTable.differences(provisioned, "name-index"))
                .containsExactly("billing mode is provisioned, not PAY_PER_REQUEST");
    }

    @Test
    void reportsAWrongKeyAMissingIndexAndAWrongProjection() {
        TableDescription stringKey = wanted()
                .attributeDefinitions(attribute("id", ScalarAttributeType.S), attribute("name", ScalarAttributeType.S))
                .build();
        TableDescription noIndex = wanted().globalSecondaryIndexes((java.util.Collection<GlobalSecondaryIndexDescription>) null).build();
        TableDescription keysOnly = wanted()
                .globalSecondaryIndexes(index().projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .build();

        assertThat(DynamoDbTable.differences(stringKey, "name-index")).containsExactly("key is id (S) HASH, not id (N)");
        assertThat(DynamoDbTable.differences(noIndex, "name-index")).containsExactly("no index name-index");
        assertThat(DynamoDbTable.differences(wanted().build(), "other-index")).containsExactly("no index other-index");
        assertThat(DynamoDbTable.differences(keysOnly, "name-index"))
                .containsExactly("index name-index is name (S) HASH projecting KEYS_ONLY, not name (S) projecting ALL");
    }

    private static TableDescription.Builder wanted() {
        return TableDescription.builder()
                .tableName("students")
                .tableStatus("ACTIVE")
                .attributeDefinitions(attribute("id", ScalarAttributeType.N), attribute("name", ScalarAttributeType.S))
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(index().build())
                .billingModeSummary(summary -> summary.billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static GlobalSecondaryIndexDescription.Builder index() {
        return GlobalSecondaryIndexDescription.builder()
                .indexName("name-index")
                .keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .indexStatus("ACTIVE");
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
