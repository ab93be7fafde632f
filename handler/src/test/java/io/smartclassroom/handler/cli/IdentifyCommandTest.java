package io.smartclassroom.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.EnrolledStudent;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.ModelIdentity;
import io.smartclassroom.handler.face.TestAssets;
import io.smartclassroom.handler.video.TestClips;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IdentifyCommandTest {
    @TempDir
    static Path shared;

    private static Path presidents;
    private static Path course;

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void enroll() throws Exception {
        FaceModels models = TestAssets.standInModels();
        try (FaceEngine engine = models.newEngine()) {
            presidents = shared.resolve("presidents.json");
            EncodingsFile.write(presidents, FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    new FaceEnrollment.StudentPhotos(Map.of(
                            "obama", List.of(TestAssets.require("faces/obama/obama.jpg")),
                            "biden", List.of(TestAssets.require("faces/biden/biden.jpg"))), List.of())).encodings());
            course = shared.resolve("course.json");
            EncodingsFile.write(course, FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    FaceEnrollment.findStudentPhotos(TestAssets.require("course/enroll"))).encodings());
        }
    }

    private static Run identify(Path encodings, Path... paths) {
        return identify(List.of(), encodings, paths);
    }

    private static Run identify(List<String> options, Path encodings, Path... paths) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = io.smartclassroom.common.cli.OneLineErrors.install(
                new CommandLine(new IdentifyCommand(Map.of())), Map.of());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] args = new String[paths.length + 6 + options.size()];
        args[0] = "--encodings";
        args[1] = encodings.toString();
        args[2] = "--models-dir";
        args[3] = TestAssets.modelsDir().toString();
        args[4] = "--model";
        args[5] = "faceplugin";
        for (int i = 0; i < paths.length; i++) {
            args[6 + i] = paths[i].toString();
        }
        for (int i = 0; i < options.size(); i++) {
            args[6 + paths.length + i] = options.get(i);
        }
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The name column of the CSV lines printed for {@code path}. */
    private static List<String> names(Run run, Path path) {
        return run.out().lines().filter(line -> line.startsWith(path + ",")).map(line -> line.split(",")[1]).toList();
    }

    @Test
    void printsOneLinePerFaceInPhotos() {
        Path obama1 = TestAssets.require("faces/obama/obama1.jpg");
        Path pair = TestAssets.require("faces/group/two_people.jpg");
        Path group = TestAssets.require("faces/group/obama_and_biden.jpg");
        Run run = identify(presidents, obama1, pair, group);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.startsWith(obama1 + ","))).singleElement().asString()
                .matches(java.util.regex.Pattern.quote(obama1 + ",obama,") + "0\\.\\d{3}");
        assertThat(names(run, pair)).containsExactly("obama", "biden");
        assertThat(names(run, group)).startsWith("biden", "obama").containsOnlyOnce("obama", "biden");
        assertThat(run.err()).contains("recognition model: faceplugin (--model)", "2 students enrolled");
    }

    @Test
    void someoneNotEnrolledIsUnknownAndAPhotoWithoutFaceIsNone() throws Exception {
        Path onlyObama = temp.resolve("obama.json");
        Encodings both = EncodingsFile.read(presidents);
        EncodingsFile.write(onlyObama, new Encodings(both.model(),
                both.students().stream().filter(s -> s.name().equals("obama")).toList()));
        Path biden = TestAssets.require("faces/biden/biden2.jpg");
        Path blank = temp.resolve("blank.png");
        try (var mat = new org.bytedeco.opencv.opencv_core.Mat(120, 160, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(200.0, 180.0, 160.0, 0.0))) {
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(blank.toString(), mat);
        }
        Run run = identify(onlyObama, biden, blank);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(names(run, biden)).containsExactly("unknown");
        assertThat(run.out()).contains(blank + ",none,\n");
    }

    @Test
    void printsTheRecognisedStudentsOfVideos() throws Exception {
        Path morgan = TestAssets.require("course/test_case_1/test_7.mp4");
        Path vin = TestAssets.require("course/test_case_1/test_5.mp4");
        Path noise = TestClips.noise(temp.resolve("noise.mp4"), 1);
        Run run = identify(course, morgan, vin, noise);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.startsWith(morgan + ","))).singleElement().asString()
                .startsWith(morgan + ",morgan_freeman,0.");
        // Vin Diesel, and a boy nobody enrolled.
        assertThat(names(run, vin)).containsExactly("vin_diesel", "unknown");
        assertThat(run.out()).contains(noise + ",none,\n");
        assertThat(run.err()).contains(noise + ": ", "no face found in");
    }

    @Test
    void reportsUnreadableInputsAndCarriesOn() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.mp4"), "not a video");
        Path empty = Files.createFile(temp.resolve("empty.mp4"));
        Path morgan = TestAssets.require("course/test_case_1/test_7.mp4");
        Run run = identify(course, text, empty, morgan);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("identify: " + text + " is not a decodable video", "identify: " + empty + " is empty (0 bytes)");
        assertThat(names(run, morgan)).containsExactly("morgan_freeman");
    }

    @Test
    void outputJsonIsOneDocumentWithTheFacesOfPhotosAndTheStudentsOfVideos() throws Exception {
        Path pair = TestAssets.require("faces/group/two_people.jpg");
        Path morgan = TestAssets.require("course/test_case_1/test_7.mp4");
        Path text = Files.writeString(temp.resolve("notes.mp4"), "not a video");

        Run photos = identify(List.of("--output", "json"), presidents, pair);
        Run videos = identify(List.of("--output", "json"), course, morgan, text);

        assertThat(photos.exitCode()).as(photos.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode photo = new com.fasterxml.jackson.databind.ObjectMapper().readTree(photos.out());
        assertThat(photo.get("model").asText()).isEqualTo("faceplugin");
        assertThat(photo.get("failures").asInt()).isZero();
        com.fasterxml.jackson.databind.JsonNode input = photo.get("inputs").get(0);
        assertThat(input.get("path").asText()).isEqualTo(pair.toString());
        assertThat(input.get("kind").asText()).isEqualTo("photo");
        assertThat(input.get("faces")).extracting(face -> face.get("name").asText()).containsExactly("obama", "biden");
        assertThat(input.get("faces").get(0).get("similarity").asDouble()).isBetween(0.45, 1.0);
        assertThat(input.has("students")).isFalse();

        assertThat(videos.exitCode()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode video = new com.fasterxml.jackson.databind.ObjectMapper().readTree(videos.out());
        assertThat(video.get("failures").asInt()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode clip = video.get("inputs").get(0);
        assertThat(clip.get("kind").asText()).isEqualTo("video");
        assertThat(clip.get("students")).extracting(student -> student.get("name").asText()).containsExactly("morgan_freeman");
        assertThat(clip.get("framesExamined").asInt()).isPositive();
        assertThat(clip.get("facesDetected").asInt()).isPositive();
        com.fasterxml.jackson.databind.JsonNode bad = video.get("inputs").get(1);
        assertThat(bad.get("path").asText()).isEqualTo(text.toString());
        assertThat(bad.get("error").asText()).contains("is not a decodable video");
    }

    @Test
    void aMissingEncodingsFileIsOneLineNamingTheOption() {
        Path missing = temp.resolve("missing.json");

        Run run = identify(missing, TestAssets.require("faces/obama/obama1.jpg"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(line -> line.startsWith("identify: "))).singleElement().asString()
                .contains(missing.toString());
    }

    @Test
    void refusesEncodingsOfAnotherModel() throws Exception {
        Path other = temp.resolve("other.json");
        EncodingsFile.write(other, new Encodings(new ModelIdentity("sface",
                "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79", 2),
                List.of(new EnrolledStudent("x", List.of(new float[] {1, 0}), List.of()))));
        Run run = identify(other, TestAssets.require("faces/obama/obama1.jpg"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("identify: encodings file " + other, "made with recognition model sface");
    }

    @Test
    void quotesPathsThatNeedIt() {
        assertThat(IdentifyCommand.csv(Path.of("/a/b.mp4"))).isEqualTo("/a/b.mp4");
        assertThat(IdentifyCommand.csv("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(IdentifyCommand.csv("@SUM(1)")).isEqualTo("'@SUM(1)");
        assertThat(IdentifyCommand.csv(Path.of("/a/roll, call.mp4"))).isEqualTo("\"/a/roll, call.mp4\"");
        assertThat(IdentifyCommand.csv(Path.of("/a/say \"hi\".mp4"))).isEqualTo("\"/a/say \"\"hi\"\".mp4\"");
    }
}
