package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The roster: every item of the students table, by id. */
public final class StudentsTable {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public StudentsTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireNonNull(table, "table");
    }

    public String name() {
        return table;
    }

    /** Every student of the table (a scan, all pages), ordered by numeric id, then name. Items without a name are left out. */
    public List<RosterStudent> roster() {
        List<RosterStudent> students = new ArrayList<>();
        dynamoDb.scanPaginator(request -> request.tableName(table)).items().forEach(item -> {
            String name = text(item.get("name"));
            if (!name.isEmpty()) {
                students.add(new RosterStudent(name, text(item.get("id")), text(item.get("major")), text(item.get("year"))));
            }
        });
        students.sort(Comparator.comparing((RosterStudent student) -> numeric(student.id()))
                .thenComparing(RosterStudent::name));
        return students;
    }

    private static String text(AttributeValue value) {
        if (value == null) {
            return "";
        }
        if (value.s() != null) {
            return value.s();
        }
        return value.n() != null ? value.n() : "";
    }

    private static BigDecimal numeric(String id) {
        try {
            return new BigDecimal(id);
        } catch (NumberFormatException e) {
            return BigDecimal.valueOf(Long.MAX_VALUE);
        }
    }
}
