package io.smartclassroom.handler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.handler.LocalAws;
import io.smartclassroom.localcloud.Service;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Lookups against dynalite, with the name index projecting everything or keys only. */
class StudentDirectoryTest {
    private static LocalAws aws;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start(Service.DYNAMODB);
        dynamoDb = aws.dynamoDbClient();
        LocalAws.createStudentsTable(dynamoDb, "all-attributes", "name-index", ProjectionType.ALL);
        LocalAws.createStudentsTable(dynamoDb, "keys-only", "by-name", ProjectionType.KEYS_ONLY);
        for (String table : new String[] {"all-attributes", "keys-only"}) {
            LocalAws.putStudent(dynamoDb, table, 1, new StudentRecord("mr_bean", "lawyer", "freshmen"));
            LocalAws.putStudent(dynamoDb, table, 5, new StudentRecord("president_trump", "physics", "junior", Optional.of("5")));
            LocalAws.putStudent(dynamoDb, table, 9, new StudentRecord("zoë d'Arc, jr.", "art", "2ᵉ année"));
        }
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void findsAStudentThroughAnIndexThatProjectsAllAttributes() {
        StudentDirectory directory = new StudentDirectory(dynamoDb, "all-attributes", "name-index");

        assertThat(directory.findByName("president_trump")).contains(new StudentRecord("president_trump", "physics", "junior", Optional.of("5")));
        assertThat(directory.findByName("zoë d'Arc, jr.")).contains(new StudentRecord("zoë d'Arc, jr.", "art", "2ᵉ année", Optional.of("9")));
    }

    @Test
    void findsAStudentThroughAnIndexThatProjectsKeysOnly() {
        StudentDirectory directory = new StudentDirectory(dynamoDb, "keys-only", "by-name");

        assertThat(directory.findByName("mr_bean")).contains(new StudentRecord("mr_bean", "lawyer", "freshmen", Optional.of("1")));
        assertThat(directory.findByName("zoë d'Arc, jr.")).contains(new StudentRecord("zoë d'Arc, jr.", "art", "2ᵉ année", Optional.of("9")));
    }

    @Test
    void aNameWithoutARecordIsEmptyNotAnError() {
        assertThat(new StudentDirectory(dynamoDb, "all-attributes", "name-index").findByName("vin_diesel")).isEmpty();
        assertThat(new StudentDirectory(dynamoDb, "keys-only", "by-name").findByName("vin_diesel")).isEmpty();
        assertThat(new StudentDirectory(dynamoDb, "all-attributes", "name-index").findByName("Mr_Bean"))
                .as("names match exactly").isEmpty();
    }

    @Test
    void aNumericYearAndAMissingMajorAreReadAsText() {
        dynamoDb.putItem(b -> b.tableName("all-attributes").item(Map.of(
                "id", AttributeValue.fromN("20"),
                "name", AttributeValue.fromS("numeric_year"),
                "year", AttributeValue.fromN("2"))));
        // The index entry lacks "major", so the directory reads the item itself and finds it lacks it too.
        assertThat(new StudentDirectory(dynamoDb, "all-attributes", "name-index").findByName("numeric_year"))
                .contains(new StudentRecord("numeric_year", "", "2", Optional.of("20")));
    }

    @Test
    void aMissingTableIsAnErrorNotAMissingStudent() {
        StudentDirectory directory = new StudentDirectory(dynamoDb, "no-such-table", "name-index");

        assertThatThrownBy(() -> directory.findByName("mr_bean")).isInstanceOf(ResourceNotFoundException.class);
    }
}
