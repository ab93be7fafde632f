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

    private static String[] standIn(String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--models-dir", TestAssets.modelsDir().toString(), "--model", "faceplugin"}, 0, full, args.length, 4);
        return full;
    }

    private Path photos(String folder, String... assets) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(folder));
        for (String asset : assets) {
            Path source = TestAssets.require(asset);
            Files.createSymbolicLink(dir.resolve(source.getFileName()), source);
        }
        return dir;
    }

    @Test
    void addsStudentsToAnExistingFileAndReEnrollsOnesAlreadyInIt() throws Exception {
        Path file = temp.resolve("class.json");
        Path first = photos("first", "faces/obama/obama.jpg");
        assertThat(enroll(Map.of(), standIn("--images", first.toString(), "--out", file.toString())).exitCode()).isZero();
        assertThat(EncodingsFile.read(file).students().get(0).sources()).containsExactly("obama.jpg");

        Path more = photos("more", "faces/biden/biden.jpg");
        photos("more/obama", "faces/obama/obama1.jpg");
        Run run = enroll(Map.of(), standIn("--add", more.toString(), "--to", file.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("re-enrolled obama: 1 photo | obama1.jpg", "wrote 2 students to " + file);
        assertThat(run.out().lines()).anyMatch(line -> line.startsWith("enrolled biden: 1 photo"));
        Encodings after = EncodingsFile.read(file);
        assertThat(after.studentNames()).containsExactlyInAnyOrder("biden", "obama");
        assertThat(after.students().stream().filter(s -> s.name().equals("obama")).findFirst().orElseThrow().sources())
                .containsExactly("obama1.jpg");
    }

    @Test
    void removesStudentsFromAFileWithoutLoadingAModel() throws Exception {
        Path file = temp.resolve("class.json");
        EncodingsFile.write(file, new Encodings(TestAssets.standInModels().identity(), java.util.List.of(
                new io.smartclassroom.handler.face.EnrolledStudent("ann", java.util.List.of(unit(0)), java.util.List.of()),
                new io.smartclassroom.handler.face.EnrolledStudent("bob", java.util.List.of(unit(1)), java.util.List.of()),
                new io.smartclassroom.handler.face.EnrolledStudent("cy", java.util.List.of(unit(2)), java.util.List.of()))));

        Run run = enroll(Map.of(), "--remove", "ann", "--remove", "cy", "--from", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("removed ann, cy from " + file + ": 1 students left");
        assertThat(EncodingsFile.read(file).studentNames()).containsExactly("bob");

        Run missing = enroll(Map.of(), "--remove", "zed", "--from", file.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("enroll: not enrolled: [zed] (enrolled: [bob])");
        assertThat(EncodingsFile.read(file).studentNames()).containsExactly("bob");
    }

    @Test
    void refusesToAddToAFileOfAnotherModelAndLeavesItAlone() throws Exception {
        Path file = temp.resolve("sface.json");
        EncodingsFile.write(file, new Encodings(new io.smartclassroom.handler.face.ModelIdentity("sface", "0".repeat(64), 128),
                java.util.List.of()));
        String content = Files.readString(file);

        Run run = enroll(Map.of(), standIn("--add", photos("new", "faces/biden/biden.jpg").toString(), "--to", file.toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("enroll: encodings file " + file.toAbsolutePath(), "made with recognition model sface");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void saysWhichOptionsGoTogether() {
        assertThat(enroll(Map.of(), "--images", "x").err()).contains("--images DIR and --out FILE go together");
        assertThat(enroll(Map.of(), "--add", "x", "--out", "y").err()).contains("use one of --images DIR --out FILE, --add DIR --to FILE");
        assertThat(enroll(Map.of(), "--remove", "x").exitCode()).isEqualTo(2);
    }

    private static float[] unit(int axis) {
        float[] vector = new float[512];
        vector[axis] = 1;
        return vector;
    }

    @Test
    void helpExitsZero() {
        Run run = enroll(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--images", "--out", "--models-dir", "--model");
    }
}
