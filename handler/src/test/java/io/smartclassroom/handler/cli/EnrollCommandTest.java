package io.smartclassroom.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.TestAssets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnrollCommandTest {

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {}

    private static Run enroll(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new EnrollCommand(environment));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void enrollsTheCourseAndPrintsALinePerStudent() throws Exception {
        Path out = temp.resolve("course.json");
        Run run = enroll(Map.of(), "--images", TestAssets.require("course/enroll").toString(), "--out", out.toString(),
                "--models-dir", TestAssets.modelsDir().toString(), "--model", "faceplugin");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("recognition model: faceplugin (--model)");
        assertThat(run.out().lines().filter(line -> line.startsWith("enrolled "))).hasSize(8);
        assertThat(run.out()).contains("enrolled mr_bean: 1 photo | mr_bean.jpg: face ", "wrote 8 students to " + out);
        Encodings encodings = EncodingsFile.read(out);
        assertThat(encodings.model()).isEqualTo(TestAssets.standInModels().identity());
        assertThat(encodings.studentNames()).hasSize(8).contains("vin_diesel", "president_trump");
    }

    @Test
    void takesTheModelsFolderAndModelFromTheEnvironment() throws Exception {
        Path images = Files.createDirectories(temp.resolve("photos/obama"));
        Files.createSymbolicLink(images.resolve("1.jpg"), TestAssets.require("faces/obama/obama.jpg"));
        Files.createSymbolicLink(images.resolve("2.jpg"), TestAssets.require("faces/obama/obama3.jpg"));
        Path out = temp.resolve("obama.json");
        Run run = enroll(Map.of("ASSETS_DIR", TestAssets.root().toString(), "RECOGNITION_MODEL", "faceplugin"),
                "--images", images.getParent().toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("recognition model: faceplugin (RECOGNITION_MODEL), models folder " + TestAssets.root().resolve("models"));
        assertThat(run.out()).contains("enrolled obama: 2 photos | 1.jpg: face", "| 2.jpg: face");
        assertThat(EncodingsFile.read(out).students().get(0).embeddings()).hasSize(2);
    }

    @Test
    void withoutSfaceAndWithoutAModelChoiceItSaysToPassTheStandIn() {
        Run run = enroll(Map.of("MODELS_DIR", TestAssets.modelsDir().toString()),
                "--images", TestAssets.require("course/enroll").toString(), "--out", temp.resolve("x.json").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines()).singleElement().asString()
                .startsWith("enroll: no recognition model chosen")
                .contains("face_recognition_sface_2021dec.onnx", "pass --model faceplugin");
        assertThat(temp.resolve("x.json")).doesNotExist();
    }

    @Test
    void refusesAPhotoWithSeveralFacesNamingItAndWritesNothing() throws Exception {
        Path images = Files.createDirectories(temp.resolve("photos"));
        Files.createSymbolicLink(images.resolve("obama.jpg"), TestAssets.require("faces/obama/obama.jpg"));
        Files.createSymbolicLink(images.resolve("biden.jpg"), TestAssets.require("faces/group/two_people.jpg"));
        Path out = temp.resolve("out.json");
        Run run = enroll(Map.of(), "--images", images.toString(), "--out", out.toString(),
                "--models-dir", TestAssets.modelsDir().toString(), "--model", "faceplugin");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("enroll: cannot enroll, fix these photos: " + images.resolve("biden.jpg") + ": 2 faces found");
        assertThat(out).doesNotExist();
    }

    @Test
    void helpExitsZero() {
        Run run = enroll(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--images", "--out", "--models-dir", "--model");
    }
}
