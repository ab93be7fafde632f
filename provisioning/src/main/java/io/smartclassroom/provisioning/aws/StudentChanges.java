package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.EncodingsDocument;
import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.StudentRecord;
import io.smartclassroom.provisioning.config.S3Location;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Adds or removes one student everywhere the pipeline knows them: the record in the students table and
 * the entry in the encodings object. Adding writes the record first and the encoding second (a
 * student who can be named always has a record); removing takes the encoding out first and the record
 * second (nobody is named without a record). A warm function picks the new encodings object up on
 * its next refresh ({@code ENCODINGS_REFRESH_SECONDS}).
 */
public final class StudentChanges {
    private static final Logger log = LoggerFactory.getLogger(StudentChanges.class);

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String nameIndex;
    private final S3Location encodings;
    private final ObjectMapper json;

    public StudentChanges(S3Client s3, DynamoDbClient dynamoDb, String table, String nameIndex, S3Location encodings, ObjectMapper json) {
        this.s3 = requireNonNull(s3, "s3");
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireNonNull(table, "table");
        this.nameIndex = requireNonNull(nameIndex, "nameIndex");
        this.encodings = requireNonNull(encodings, "encodings");
        this.json = requireNonNull(json, "json");
    }

    /**
     * Writes {@code student}'s record and puts their entry of {@code enrolled} (an encodings file with
     * them in it) into the encodings object, replacing an earlier one.
     *
     * @return one line per change, for the user
     * @throws ProvisioningException when the id or name belongs to another student, the encodings do
     *     not fit, or a write fails
     */
    public List<String> add(StudentRecord student, EncodingsDocument enrolled) {
        requireNonNull(student, "student");
        requireNonNull(enrolled, "enrolled");
        try {
            EncodingsDocument current = currentEncodings();
            EncodingsDocument updated = current.withStudentFrom(enrolled, student.name());
            Map<String, AttributeValue> existing = dynamoDb.getItem(b -> b.tableName(table).key(StudentItems.key(student))).item();
            if (existing != null && !existing.isEmpty() && !student.name().equals(existing.get("name").s())) {
                throw new ProvisioningException("id %d in table %s is already %s; choose another id, or remove %s first"
                        .formatted(student.id(), table, existing.get("name").s(), existing.get("name").s()));
            }
            List<Long> sameName = idsNamed(student.name());
            sameName.remove(Long.valueOf(student.id()));
            if (!sameName.isEmpty()) {
                throw new ProvisioningException("student %s is already in table %s with id %s; the handler finds students by name, so a name is one student: remove them first"
                        .formatted(student.name(), table, sameName));
            }
            dynamoDb.putItem(b -> b.tableName(table).item(StudentItems.item(student)));
            log.info("student {} (id {}) written to table {}", student.name(), student.id(), table);
            put(updated);
            log.info("student {} enrolled in {} ({} students)", student.name(), encodings, updated.studentNames().size());
            return List.of(
                    "record %s (id %d, %s, %s): written to table %s".formatted(student.name(), student.id(), student.major(), student.year(), table),
                    "encoding %s: %s %s (%d students)".formatted(student.name(), current.studentNames().contains(student.name()) ? "replaced in" : "added to",
                            encodings, updated.studentNames().size()));
        } catch (IOException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    /**
     * Takes {@code name} out of the encodings object and deletes their records from the table.
     *
     * @throws ProvisioningException when neither holds them, or a write fails
     */
    public List<String> remove(String name) {
        requireNonNull(name, "name");
        try {
            EncodingsDocument current = currentEncodings();
            boolean enrolled = current.studentNames().contains(name);
            List<Long> ids = idsNamed(name);
            if (!enrolled && ids.isEmpty()) {
                throw new ProvisioningException("%s is neither in %s (enrolled: %s) nor in table %s".formatted(name, encodings,
                        current.studentNames(), table));
            }
            String encodingLine = "encoding %s: not in %s".formatted(name, encodings);
            if (enrolled) {
                EncodingsDocument updated = current.withoutStudent(name);
                put(updated);
                log.info("student {} removed from {} ({} students left)", name, encodings, updated.studentNames().size());
                encodingLine = "encoding %s: removed from %s (%d students left)".formatted(name, encodings, updated.studentNames().size());
            }
            for (long id : ids) {
                dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromN(Long.toString(id)))));
                log.info("student {} (id {}) deleted from table {}", name, id, table);
            }
            return List.of(encodingLine, ids.isEmpty() ? "record %s: not in table %s".formatted(name, table)
                    : "record %s (id %s): deleted from table %s".formatted(name, ids.size() == 1 ? ids.get(0) : ids, table));
        } catch (IOException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    private EncodingsDocument currentEncodings() throws IOException {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(b -> b.bucket(encodings.bucket()).key(encodings.key()));
        } catch (NoSuchKeyException e) {
            throw new ProvisioningException("there is no encodings object " + encodings + ": run up with --encodings FILE first", e);
        }
        return EncodingsDocument.parse(json, object.asByteArray(), "encodings object " + encodings);
    }

    private void put(EncodingsDocument document) throws IOException {
        byte[] content = document.toBytes();
        s3.putObject(b -> b.bucket(encodings.bucket()).key(encodings.key()).contentType("application/json"), RequestBody.fromBytes(content));
    }

    private List<Long> idsNamed(String name) {
        return new java.util.ArrayList<>(dynamoDb.query(b -> b.tableName(table).indexName(nameIndex)
                        .keyConditionExpression("#n = :name")
                        .expressionAttributeNames(Map.of("#n", "name"))
                        .expressionAttributeValues(Map.of(":name", AttributeValue.fromS(name))))
                .items().stream().map(item -> Long.parseLong(item.get("id").n())).toList());
    }
}
