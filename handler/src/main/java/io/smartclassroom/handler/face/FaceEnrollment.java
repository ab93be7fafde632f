package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Enrols students from photos: finds each photo's one face, embeds it, and collects the embeddings per
 * student.
 *
 * <p>A photo must show one clear face. With several faces, the largest is taken only when it clearly
 * dominates: its eye distance at least {@value #DOMINANT_SIZE_RATIO}× that of every other face (a portrait
 * with small faces in the background); otherwise the photo is refused rather than risk enrolling the
 * wrong person.
 *
 * <p>A face with fewer pixels between the eyes than the recognizer's aligned input has
 * ({@link FaceEngine#alignedEyeDistance()}, 35 px for the 112×112 crops of SFace and the stand-in) is
 * enrolled with a warning naming the photo and the face's size: it has to be enlarged to be embedded, so
 * the network sees less detail than it was trained on, and its encoding is less reliable (with the
 * stand-in, genuine similarities fell to 0.27 for faces under 20 px between the eyes, below the 0.45
 * threshold). It is a warning, not a refusal: a small face can still be the best photo there is.
 */
public final class FaceEnrollment {
    static final double DOMINANT_SIZE_RATIO = 2.0;

    private FaceEnrollment() {}

    /** The photos found for enrolment: per student name (sorted), and files that were not used. */
    public record StudentPhotos(Map<String, List<Path>> photos, List<Path> skipped) {
        public StudentPhotos {
            photos = Map.copyOf(photos);
            skipped = List.copyOf(skipped);
        }
    }

    /** The face chosen in one photo. */
    public record PhotoFace(Path photo, DetectedFace face, float[] embedding, int facesInPhoto) {}

    /** How one photo compares with the student's other photos or with another student. */
    public record Warning(String student, String message) {}

    public record Result(Encodings encodings, Map<String, List<PhotoFace>> faces, List<Warning> warnings) {}

    /**
     * Finds student photos in {@code dir}: a sub-folder per student (folder name = student name, every
     * photo in it) and/or photos named {@code <student name>.<jpg|png|…>}. Hidden files are ignored;
     * other files are listed as skipped.
     */
    public static StudentPhotos findStudentPhotos(Path dir) throws IOException {
        requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        Map<String, List<Path>> photos = new TreeMap<>();
        List<Path> skipped = new ArrayList<>();
        for (Path entry : sortedEntries(dir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                for (Path file : sortedEntries(entry)) {
                    if (file.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    if (Files.isRegularFile(file) && Photos.isPhoto(file)) {
                        photos.computeIfAbsent(name, n -> new ArrayList<>()).add(file);
                    } else {
                        skipped.add(file);
                    }
                }
            } else if (Files.isRegularFile(entry) && Photos.isPhoto(entry)) {
                photos.computeIfAbsent(Photos.baseName(entry), n -> new ArrayList<>()).add(entry);
            } else {
                skipped.add(entry);
            }
        }
        for (String student : photos.keySet()) {
            try {
                StudentNames.check(student);
            } catch (IllegalArgumentException e) {
                throw new InvalidPhotoException("cannot enroll " + photos.get(student) + ": " + e.getMessage());
            }
        }
        return new StudentPhotos(photos, skipped);
    }

    /**
     * The embedding of the one face in {@code photo}.
     *
     * @throws InvalidPhotoException naming the file when it is unreadable, shows no face, or several
     *     faces none of which clearly dominates
     */
    public static PhotoFace embedOneFace(FaceEngine engine, Path photo) {
        try (Mat image = Photos.read(photo)) {
            List<DetectedFace> faces = engine.detectInPhoto(image);
            if (faces.isEmpty()) {
                throw new InvalidPhotoException("%s (%dx%d): no face found".formatted(photo, image.cols(), image.rows()));
            }
            DetectedFace chosen = faces.stream().max(Comparator.comparingDouble(DetectedFace::eyeDistance)).orElseThrow();
            for (DetectedFace other : faces) {
                if (other != chosen && chosen.eyeDistance() < DOMINANT_SIZE_RATIO * other.eyeDistance()) {
                    throw new InvalidPhotoException(
                            "%s: %d faces found and none clearly the main one (eye distances %s px); use a photo of the student alone"
                                    .formatted(photo, faces.size(), faces.stream().map(f -> "%.0f".formatted(f.eyeDistance())).toList()));
                }
            }
            return new PhotoFace(photo, chosen, engine.embed(image, chosen), faces.size());
        }
    }

    /**
     * Enrols every student of {@code photos}. All photos are examined; if any cannot be used, nothing is
     * enrolled and the exception lists every problem.
     */
    public static Result enroll(FaceEngine engine, ModelIdentity model, MatchPolicy policy, StudentPhotos photos) {
        requireNonNull(engine, "engine");
        requireNonNull(model, "model");
        requireNonNull(policy, "policy");
        if (photos.photos().isEmpty()) {
            throw new InvalidPhotoException("no student photos found (expected <student>.jpg/.png files or one sub-folder per student)");
        }
        Map<String, List<PhotoFace>> faces = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Path>> student : new TreeMap<>(photos.photos()).entrySet()) {
            for (Path photo : student.getValue()) {
                try {
                    faces.computeIfAbsent(student.getKey(), n -> new ArrayList<>()).add(embedOneFace(engine, photo));
                } catch (InvalidPhotoException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPhotoException("cannot enroll, fix these photos: " + String.join("; ", problems));
        }
        List<EnrolledStudent> students = new ArrayList<>();
        for (Map.Entry<String, List<PhotoFace>> student : faces.entrySet()) {
            students.add(new EnrolledStudent(student.getKey(),
                    student.getValue().stream().map(PhotoFace::embedding).toList(),
                    student.getValue().stream().map(f -> f.photo().getFileName().toString()).toList()));
        }
        Encodings encodings = new Encodings(model, students);
        List<Warning> warnings = new ArrayList<>(smallFaceWarnings(faces, engine.alignedEyeDistance()));
        warnings.addAll(consistencyWarnings(faces, policy));
        return new Result(encodings, faces, warnings);
    }

    /** Faces too small for the recognizer to be reliable: fewer pixels between the eyes than its aligned input has. */
    static List<Warning> smallFaceWarnings(Map<String, List<PhotoFace>> faces, double alignedEyeDistance) {
        List<Warning> warnings = new ArrayList<>();
        faces.forEach((student, photoFaces) -> {
            for (PhotoFace face : photoFaces) {
                DetectedFace detected = face.face();
                if (detected.eyeDistance() < alignedEyeDistance) {
                    warnings.add(new Warning(student, ("%s: the face is small, %.0fx%.0f px with %.0f px between the eyes, under the %.0f px"
                            + " the recognizer's aligned input has: it is enlarged to be embedded and its encoding is less reliable;"
                            + " use a photo where the face is larger").formatted(face.photo(), detected.width(), detected.height(),
                            detected.eyeDistance(), alignedEyeDistance)));
                }
            }
        });
        return warnings;
    }

    /** Photos of one student that do not look alike, and photos of two students that do. */
    private static List<Warning> consistencyWarnings(Map<String, List<PhotoFace>> faces, MatchPolicy policy) {
        List<Warning> warnings = new ArrayList<>();
        List<String> names = new ArrayList<>(faces.keySet());
        for (String name : names) {
            List<PhotoFace> own = faces.get(name);
            for (int i = 0; i < own.size(); i++) {
                for (int j = i + 1; j < own.size(); j++) {
                    double similarity = Embeddings.cosine(own.get(i).embedding(), own.get(j).embedding());
                    if (similarity < policy.cosineThreshold()) {
                        warnings.add(new Warning(name, "photos %s and %s look like different people (similarity %.3f < %.3f)"
                                .formatted(own.get(i).photo().getFileName(), own.get(j).photo().getFileName(), similarity, policy.cosineThreshold())));
                    }
                }
            }
        }
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                for (PhotoFace first : faces.get(names.get(a))) {
                    for (PhotoFace second : faces.get(names.get(b))) {
                        double similarity = Embeddings.cosine(first.embedding(), second.embedding());
                        if (similarity >= policy.cosineThreshold()) {
                            warnings.add(new Warning(names.get(a), "%s looks like %s's %s (similarity %.3f >= %.3f): the same person enrolled twice?"
                                    .formatted(first.photo().getFileName(), names.get(b), second.photo().getFileName(), similarity, policy.cosineThreshold())));
                        }
                    }
                }
            }
        }
        return warnings;
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
