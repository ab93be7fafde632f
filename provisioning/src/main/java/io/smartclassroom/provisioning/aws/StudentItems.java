package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.StudentRecord;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How a student record is stored as a DynamoDB item. */
public final class StudentItems {
    private StudentItems() {}

    public static Map<String, AttributeValue> item(StudentRecord student) {
        requireNonNull(student, "student");
        return Map.of(
                "id", AttributeValue.fromN(Long.toString(student.id())),
                "name", AttributeValue.fromS(student.name()),
                "major", AttributeValue.fromS(student.major()),
                "year", AttributeValue.fromS(student.year()));
    }

    public static Map<String, AttributeValue> key(StudentRecord student) {
        return Map.of("id", AttributeValue.fromN(Long.toString(student.id())));
    }
}
