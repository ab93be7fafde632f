package io.smartclassroom.verifier;

import io.smartclassroom.common.ResultKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An output bucket and a students table as the pipeline leaves them, for the report's tests: records with
 * evidence, a CSV-only (older) result, an unreadable record beside its CSV, a record whose evidence is gone,
 * and data that tries to be markup (a student named {@code <script>alert(1)</script>}, one named
 * {@code "onerror="alert(2)}, a key with {@code <b>"x"&'}, a reason with a closing tag and a script).
 */
final class ReportScenario {
    static final String INPUT = "smart-classroom-input";
    static final String SCRIPT_NAME = "<script>alert(1)</script>";
    static final String ONERROR_NAME = "\"onerror=\"alert(2)";
    static final String MARKUP_VIDEO = "r1/lec<b>\"x\"&'.mp4";
    static final String MARKUP_REASON = "</td><script>alert(5)</script> had no record";

    /** Evidence key → the JPEG put there. */
    final Map<String, byte[]> evidence = new LinkedHashMap<>();
    /** Every key put in the output bucket. */
    final Map<String, byte[]> objects = new LinkedHashMap<>();

    private final S3Client s3;
    private final String bucket;

    private ReportScenario(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static ReportScenario populate(S3Client s3, DynamoDbClient dynamoDb, String bucket, String table) {
        s3.createBucket(request -> request.bucket(bucket));
        dynamoDb.createTable(request -> request.tableName(table)
                .attributeDefinitions(definition -> definition.attributeName("id").attributeType(ScalarAttributeType.N))
                .keySchema(key -> key.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        for (List<String> student : List.of(
                List.of("1", "mr_bean", "lawyer", "freshmen"),
                List.of("2", "president_biden", "history", "sophomore"),
                List.of("5", "president_trump", "physics", "junior"),
                List.of("9", SCRIPT_NAME, "\"onerror=\"alert(3)", "x' onmouseover='alert(4)"))) {
            dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                    "id", AttributeValue.fromN(student.get(0)),
                    "name", AttributeValue.fromS(student.get(1)),
                    "major", AttributeValue.fromS(student.get(2)),
                    "year", AttributeValue.fromS(student.get(3)))));
        }
        ReportScenario scenario = new ReportScenario(s3, bucket);

        // a 4 s clip: biden from 0 to 1 s, then mr_bean from 1 to 3 s; 2 strangers
        scenario.put("lecture1.json", RecordFixtures.record(INPUT, "lecture1.mp4", 4.0)
                .student("president_biden", 2, "history", "sophomore", 0.0, 1.0, bucket)
                .student("mr_bean", 1, "lawyer", "freshmen", 1.0, 3.0, bucket)
                .unknownFaces(2).json());
        scenario.put("lecture1.csv", "name,major,year\npresident_biden,history,sophomore\nmr_bean,lawyer,freshmen\n");
        scenario.putEvidence("lecture1.mp4", "president_biden", RecordFixtures.faceJpeg("president_biden"));
        scenario.putEvidence("lecture1.mp4", "mr_bean", RecordFixtures.faceJpeg("mr_bean"));

        // markup in the key, a student without a record, a reason that tries to close the cell
        scenario.put(ResultKeys.recordKey(MARKUP_VIDEO), RecordFixtures.record(INPUT, MARKUP_VIDEO, 10.0)
                .student(ONERROR_NAME, null, null, null, 2.0, 9.5, bucket)
                .student("president_trump", 5, "physics", "junior", 5.0, 5.0, null)
                .reason(MARKUP_REASON).json());
        scenario.put(ResultKeys.csvKey(MARKUP_VIDEO), "name,major,year\npresident_trump,physics,junior\n");
        scenario.putEvidence(MARKUP_VIDEO, ONERROR_NAME, RecordFixtures.faceJpeg("floki"));

        // an older result: the CSV only
        scenario.put("old_clip.csv", "name,major,year\npresident_trump,physics,junior\n");

        // an unreadable record beside its CSV
        scenario.put("broken.json", "{\"schema_version\": 1, \"video\": ");
        scenario.put("broken.csv", "name,major,year\nmr_bean,lawyer,freshmen\n");

        // a record whose evidence expired
        scenario.put("gone.json", RecordFixtures.record(INPUT, "gone.mp4", 2.0)
                .student("president_trump", 5, "physics", "junior", 0.5, 1.5, bucket).json());
        scenario.put("gone.csv", "name,major,year\npresident_trump,physics,junior\n");
        return scenario;
    }

    private void put(String key, String content) {
        put(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void put(String key, byte[] content) {
        s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
        objects.put(key, content);
    }

    private void putEvidence(String videoKey, String student, byte[] jpeg) {
        String key = ResultKeys.evidenceKey(videoKey, student);
        put(key, jpeg);
        evidence.put(key, jpeg);
    }
}
