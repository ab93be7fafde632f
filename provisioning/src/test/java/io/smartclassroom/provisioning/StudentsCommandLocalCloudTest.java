package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.provisioning.aws.CloudClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code students add} and {@code students remove} against the local cloud's emulators, after an {@code up}. */
class StudentsCommandLocalCloudTest {
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "{\"name\":\"faceplugin\",\"sha256\":\"" + "8".repeat(64) + "\",\"dim\":2}";

    private static LocalCloud cloud;
    private static LocalCloudClients factory;
    private static CloudClients sdk;

    @TempDir
    Path directory;

    private Map<String, String> environment;
    private String output;
    /** Where provisioning keeps the encodings by default: a bucket of their own, beside the output bucket. */
    private String encodingsBucket;
    private String table;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void startCloud() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
        factory = new LocalCloudClients(cloud);
        sdk = factory.clients();
    }

    @AfterAll
    static void stopCloud() {
        if (sdk != null) {
            sdk.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private Path encodingsFile(String name, String model, String... students) throws IOException {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < students.length; i++) {
            entries.add("{\"name\":\"%s\",\"embeddings\":[[1,%d]],\"sources\":[\"%s.jpg\"]}".formatted(students[i], i, students[i]));
        }
        return Files.writeString(directory.resolve(name), "{\"format\":\"smart-classroom-face-encodings\",\"version\":1,\"model\":"
                + model + ",\"students\":[" + String.join(",", entries) + "]}");
    }

    @BeforeEach
    void upWithTwoStudents() throws IOException {
        String prefix = "s" + TEST_NUMBER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        output = prefix + "-output";
        encodingsBucket = prefix + "-encodings";
        table = prefix + "-students";
        environment = Map.of(
                "SMART_CLASSROOM_INPUT_BUCKET", prefix + "-input",
                "SMART_CLASSROOM_OUTPUT_BUCKET", output,
                "SMART_CLASSROOM_QUEUE", prefix + "-requests",
                "SMART_CLASSROOM_DEAD_LETTER_QUEUE", prefix + "-requests-dlq",
                "SMART_CLASSROOM_TABLE", table);
        Path data = Files.writeString(directory.resolve("students.json"),
                "[{\"id\":1,\"name\":\"ann\",\"major\":\"math\",\"year\":\"junior\"},{\"id\":2,\"name\":\"bob\",\"major\":\"art\",\"year\":\"senior\"}]");
        Run up = run("up", "--local-cloud", "--data", data.toString(), "--encodings", encodingsFile("class.json", MODEL, "ann", "bob").toString());
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ProvisioningCli.commandLine(factory, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    private List<String> enrolled() throws IOException {
        JsonNode root = JSON.readTree(sdk.s3().getObjectAsBytes(b -> b.bucket(encodingsBucket).key("encodings.json")).asByteArray());
        List<String> names = new ArrayList<>();
        root.get("students").forEach(student -> names.add(student.get("name").asText()));
        return names;
    }

    private Map<String, AttributeValue> item(long id) {
        return sdk.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromN(Long.toString(id))))).item();
    }

    @Test
    void addWritesTheRecordAndTheEncodingAndRemoveTakesBothOut() throws Exception {
        Path cy = encodingsFile("cy.json", MODEL, "cy");

        Run add = run("students", "add", "--local-cloud", "--name", "cy", "--id", "9", "--major", "physics", "--year", "freshman",
                "--encodings", cy.toString());

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("record cy (id 9, physics, freshman): written to table " + table,
                "encoding cy: added to s3://" + encodingsBucket + "/encodings.json (3 students)");
        assertThat(enrolled()).containsExactly("ann", "bob", "cy");
        assertThat(item(9)).containsEntry("name", AttributeValue.fromS("cy")).containsEntry("major", AttributeValue.fromS("physics"));

        Run again = run("students", "add", "--local-cloud", "--name", "cy", "--id", "9", "--major", "physics", "--year", "sophomore",
                "--encodings", cy.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("encoding cy: replaced in");
        assertThat(enrolled()).containsExactly("ann", "bob", "cy");
        assertThat(item(9)).containsEntry("year", AttributeValue.fromS("sophomore"));

        Run remove = run("students", "remove", "--local-cloud", "--name", "ann");
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(remove.out()).contains("encoding ann: removed from s3://" + encodingsBucket + "/encodings.json (2 students left)",
                "record ann (id 1): deleted from table " + table);
        assertThat(enrolled()).containsExactly("bob", "cy");
        assertThat(item(1)).isEmpty();
    }

    @Test
    void refusesAnIdOfAnotherStudentAnotherModelAndAFileWithoutTheStudentAndChangesNothing() throws Exception {
        Run takenId = run("students", "add", "--local-cloud", "--name", "cy", "--id", "1", "--major", "x", "--year", "y",
                "--encodings", encodingsFile("cy.json", MODEL, "cy").toString());
        assertThat(takenId.exitCode()).isEqualTo(1);
        assertThat(takenId.err()).contains("id 1 in table " + table + " is already ann");

        Run otherModel = run("students", "add", "--local-cloud", "--name", "cy", "--id", "9", "--major", "x", "--year", "y",
                "--encodings", encodingsFile("sface.json", "{\"name\":\"sface\",\"sha256\":\"" + "0".repeat(64) + "\",\"dim\":128}", "cy").toString());
        assertThat(otherModel.exitCode()).isEqualTo(1);
        assertThat(otherModel.err()).contains("was made with recognition model sface", "embeddings of different models are not comparable");

        Run notInFile = run("students", "add", "--local-cloud", "--name", "dee", "--id", "9", "--major", "x", "--year", "y",
                "--encodings", encodingsFile("cy.json", MODEL, "cy").toString());
        assertThat(notInFile.exitCode()).isEqualTo(1);
        assertThat(notInFile.err()).contains("has no student dee (it has [cy])");

        Run noFile = run("students", "add", "--local-cloud", "--name", "dee", "--id", "9", "--major", "x", "--year", "y");
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.err()).contains("students add needs --encodings FILE");

        Run unknown = run("students", "remove", "--local-cloud", "--name", "zed");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("zed is neither in s3://" + encodingsBucket + "/encodings.json (enrolled: [ann, bob]) nor in table " + table);

        assertThat(enrolled()).containsExactly("ann", "bob");
        assertThat(item(9)).isEmpty();
    }
}
