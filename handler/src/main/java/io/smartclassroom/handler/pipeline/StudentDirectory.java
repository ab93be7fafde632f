package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Looks students up in the students table (partition key {@code id}, a number) by name, through the
 * global secondary index on {@code name}. Works whether the index projects all attributes or keys
 * only: in the second case the record is read with a GetItem by {@code id}.
 */
public final class StudentDirectory {
    private static final Logger log = LoggerFactory.getLogger(StudentDirectory.class);

    static final String ID = "id";
    static final String NAME = "name";
    static final String MAJOR = "major";
    static final String YEAR = "year";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String nameIndex;

    public StudentDirectory(DynamoDbClient dynamoDb, String table, String nameIndex) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireNonNull(table, "table");
        this.nameIndex = requireNonNull(nameIndex, "nameIndex");
    }

    /** The record of the student with this name, or empty when the table has none. */
    public Optional<StudentRecord> findByName(String name) {
        requireNonNull(name, "name");
        List<Map<String, AttributeValue>> items = dynamoDb.query(QueryRequest.builder()
                        .tableName(table)
                        .indexName(nameIndex)
                        .keyConditionExpression("#name = :name")
                        .expressionAttributeNames(Map.of("#name", NAME))
                        .expressionAttributeValues(Map.of(":name", AttributeValue.fromS(name)))
                        .build())
                .items();
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.size() > 1) {
            log.warn("{} records in {} have the name '{}'; using the first (id {})",
                    items.size(), table, name, text(items.get(0).get(ID)));
        }
        Map<String, AttributeValue> item = items.get(0);
        if (!item.containsKey(MAJOR) || !item.containsKey(YEAR)) {
            item = readById(name, item);
            if (item == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new StudentRecord(name, nullToEmpty(text(item.get(MAJOR))), nullToEmpty(text(item.get(YEAR))),
                Optional.ofNullable(text(item.get(ID)))));
    }

    /** The full item behind an index entry that holds the keys only. */
    private Map<String, AttributeValue> readById(String name, Map<String, AttributeValue> indexEntry) {
        AttributeValue id = indexEntry.get(ID);
        if (id == null) {
            throw new IllegalStateException("index " + nameIndex + " of " + table + " returned an entry for '"
                    + name + "' without the table key '" + ID + "'");
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of(ID, id))
                        .build())
                .item();
        if (item == null || item.isEmpty()) {
            log.warn("index {} lists '{}' with id {} but {} has no such item", nameIndex, name, text(id), table);
            return null;
        }
        return item;
    }

    /** A string, number or boolean attribute as text; null when absent or of another type. */
    private static String text(AttributeValue value) {
        if (value == null) {
            return null;
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.bool() != null) {
            return value.bool().toString();
        }
        return null;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return "StudentDirectory[table=" + table + ", nameIndex=" + nameIndex + "]";
    }
}
