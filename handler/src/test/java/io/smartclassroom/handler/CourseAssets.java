package io.smartclassroom.handler;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opencsv.CSVReader;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.pipeline.StudentRecord;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's test clips, student records and enrolment photos from {@code $ASSETS_DIR}, for tests
 * that run the real face engine. The SFace model cannot be had on these machines, so the tests use the
 * {@code faceplugin} stand-in model that the assets do hold.
 */
public final class CourseAssets {
    public static final String MODEL = "faceplugin";

    private final Path root;

    private CourseAssets(Path root) {
        this.root = root;
    }

    /** The assets, or the test is skipped (with the reason) when they are not there. */
    public static CourseAssets require() {
        String dir = System.getenv("ASSETS_DIR");
        assumeTrue(dir != null && !dir.isBlank(), "ASSETS_DIR is not set: skipping the test that needs the course clips");
        CourseAssets assets = new CourseAssets(Path.of(dir));
        for (Path needed : List.of(assets.clipsDir().resolve("expected.csv"), assets.enrollDir(),
                assets.root.resolve("course/students.json"),
                assets.modelsDir().resolve("face_detection_yunet_2023mar.onnx"),
                assets.modelsDir().resolve("faceplugin_fr_feature.onnx"))) {
            assumeTrue(Files.exists(needed), () -> needed + " is missing: skipping the test that needs the course assets");
        }
        return assets;
    }

    public Path modelsDir() {
        return root.resolve("models");
    }

    public Path clipsDir() {
        return root.resolve("course/test_case_1");
    }

    public Path enrollDir() {
        return root.resolve("course/enroll");
    }

    public Path clip(String fileName) {
        return clipsDir().resolve(fileName);
    }

    /** Enrols the eight students from their photos with the real engine and writes the encodings file. */
    public Path enroll(Path encodingsFile) throws IOException {
        FaceModels models = FaceModels.load(modelsDir(), MODEL);
        try (FaceEngine engine = models.newEngine()) {
            FaceEnrollment.Result result = FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    FaceEnrollment.findStudentPhotos(enrollDir()));
            EncodingsFile.write(encodingsFile, result.encodings());
        }
        return encodingsFile;
    }

    /** The students table's records, from {@code students.json}: id → record. */
    public Map<Integer, StudentRecord> students() throws IOException {
        JsonNode json = new ObjectMapper().readTree(root.resolve("course/students.json").toFile());
        Map<Integer, StudentRecord> students = new LinkedHashMap<>();
        for (JsonNode student : json) {
            students.put(student.get("id").asInt(), new StudentRecord(
                    student.get("name").asText(), student.get("major").asText(), student.get("year").asText()));
        }
        return students;
    }

    /** The expected CSV text per clip file name, from {@code expected.csv} ({@code video,name,major,year}). */
    public Map<String, String> expectedCsv() throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(clipsDir().resolve("expected.csv"), StandardCharsets.UTF_8);
                CSVReader csv = new CSVReader(reader)) {
            List<String[]> lines = csv.readAll();
            for (String[] line : lines.subList(1, lines.size())) {
                rows.computeIfAbsent(line[0], v -> new ArrayList<>()).add(line[1] + "," + line[2] + "," + line[3]);
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        rows.forEach((video, students) -> expected.put(video, "name,major,year\n" + String.join("\n", students) + "\n"));
        return expected;
    }
}
