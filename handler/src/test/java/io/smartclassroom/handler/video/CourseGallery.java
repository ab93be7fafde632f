package io.smartclassroom.handler.video;

import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The course's eight students enrolled from {@code course/enroll/*.jpg}, and the expected name per clip. */
final class CourseGallery {
    private CourseGallery() {}

    /** Enrols the course students, leaving out {@code except}. */
    static FaceGallery enroll(FaceModels models, String... except) throws IOException {
        FaceEnrollment.StudentPhotos photos = FaceEnrollment.findStudentPhotos(TestAssets.require("course/enroll"));
        Map<String, List<Path>> kept = new TreeMap<>(photos.photos());
        for (String name : except) {
            kept.remove(name);
        }
        try (FaceEngine engine = models.newEngine()) {
            return FaceGallery.of(FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                    new FaceEnrollment.StudentPhotos(kept, List.of())).encodings(), models.matchPolicy());
        }
    }

    /** Clip file name → the student in it, from {@code expected.csv} ({@code video,name,major,year}). */
    static Map<String, String> expectedStudents() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(TestAssets.require("course/test_case_1/expected.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] columns = line.split(",");
                expected.put(columns[0], columns[1]);
            }
        }
        return expected;
    }

    static Path clip(String name) {
        return TestAssets.require("course/test_case_1/" + name);
    }
}
