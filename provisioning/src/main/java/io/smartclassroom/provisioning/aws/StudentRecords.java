package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.StudentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The student records in the table. Each item is read first and written only when it is missing or
 * differs, so running {@code up} again writes nothing. Items of other ids are left alone.
 */
public final class StudentRecords implements Resource {
    private static final Logger log = LoggerFactory.getLogger(StudentRecords.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<StudentRecord> students;

    public StudentRecords(DynamoDbClient dynamoDb, String table, List<StudentRecord> students) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireNonNull(table, "table");
        this.students = List.copyOf(requireNonNull(students, "students"));
    }

    @Override
    public String kind() {
        return "students";
    }

    @Override
    public String name() {
        return table;
    }

    @Override
    public String presentWord() {
        return "unchanged";
    }

    private record Comparison(List<StudentRecord> missing, List<StudentRecord> differing, List<String> differences) {
        List<StudentRecord> toWrite() {
            List<StudentRecord> result = new ArrayList<>(missing);
            result.addAll(differing);
            return result;
        }
    }

    @Override
    public ResourceState inspect() {
        Comparison comparison;
        try {
            comparison = compare();
        } catch (ResourceNotFoundException e) {
            return new ResourceState.Absent(items(students.size()));
        }
        if (comparison.missing().size() == students.size()) {
            return new ResourceState.Absent(items(students.size()));
        }
        if (comparison.toWrite().isEmpty()) {
            return new ResourceState.Present(items(students.size()));
        }
        return new ResourceState.Differs(comparison.differences());
    }

    @Override
    public String create() {
        return write();
    }

    @Override
    public String update(ResourceState.Differs current) {
        return write();
    }

    @Override
    public String delete() {
        int deleted = 0;
        for (StudentRecord student : students) {
            Map<String, AttributeValue> old = dynamoDb.deleteItem(request -> request
                    .tableName(table)
                    .key(StudentItems.key(student))
                    .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            if (old != null && !old.isEmpty()) {
                deleted++;
            }
        }
        return items(deleted) + " deleted";
    }

    private String write() {
        List<StudentRecord> toWrite = compare().toWrite();
        for (StudentRecord student : toWrite) {
            dynamoDb.putItem(request -> request.tableName(table).item(StudentItems.item(student)));
            log.info("wrote student {} ({}) to table {}", student.id(), student.name(), table);
        }
        int unchanged = students.size() - toWrite.size();
        return items(toWrite.size()) + " written" + (unchanged == 0 ? "" : ", " + unchanged + " unchanged");
    }

    private Comparison compare() {
        List<StudentRecord> missing = new ArrayList<>();
        List<StudentRecord> differing = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (StudentRecord student : students) {
            Map<String, AttributeValue> current = dynamoDb.getItem(request -> request
                    .tableName(table)
                    .key(StudentItems.key(student))
                    .consistentRead(true))
                    .item();
            if (current == null || current.isEmpty()) {
                missing.add(student);
                differences.add("item " + student.id() + " (" + student.name() + ") missing");
            } else if (!current.equals(StudentItems.item(student))) {
                differing.add(student);
                differences.add("item " + student.id() + " (" + student.name() + ") differs");
            }
        }
        return new Comparison(missing, differing, differences);
    }

    private static String items(int count) {
        return count + (count == 1 ? " item" : " items");
    }
}
