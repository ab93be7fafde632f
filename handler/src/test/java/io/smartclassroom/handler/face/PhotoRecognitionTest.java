package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrol from one photo per person and recognise other photos of them, with the real detector and the
 * stand-in recognition model, on the public-domain White House photos of {@code $ASSETS_DIR/faces}.
 */
class PhotoRecognitionTest {
    private static FaceModels models;
    private static FaceEngine engine;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadModels() {
        models = TestAssets.standInModels();
        engine = models.newEngine();
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Path photo(String relative) {
        return TestAssets.require("faces/" + relative);
    }

    private static FaceGallery enroll(Map<String, List<Path>> photos) {
        FaceEnrollment.Result result = FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                new FaceEnrollment.StudentPhotos(photos, List.of()));
        return FaceGallery.of(result.encodings(), models.matchPolicy());
    }

    /** Every face in the photo, left to right, matched against the gallery. */
    private static List<FaceMatch> identify(FaceGallery gallery, Path photo) {
        try (Mat image = Photos.read(photo)) {
            List<FaceMatch> matches = new ArrayList<>();
            for (DetectedFace face : engine.detectInPhoto(image).stream().sorted(Comparator.comparingDouble(DetectedFace::centerX)).toList()) {
                matches.add(gallery.match(engine.embed(image, face)));
            }
            return matches;
        }
    }

    private static List<String> names(List<FaceMatch> matches) {
        return matches.stream().map(FaceMatch::name).toList();
    }

    private static FaceGallery obamaAndBiden() {
        return enroll(Map.of("obama", List.of(photo("obama/obama.jpg")), "biden", List.of(photo("biden/biden.jpg"))));
    }

    @Test
    void recognisesOtherPhotosOfTheEnrolledPeople() {
        FaceGallery gallery = obamaAndBiden();
        for (String other : List.of("obama/obama1.jpg", "obama/obama2.jpg", "obama/obama3.jpg")) {
            List<FaceMatch> matches = identify(gallery, photo(other));
            assertThat(names(matches)).as(other).containsExactly("obama");
            assertThat(matches.get(0).similarity()).as(other).isGreaterThanOrEqualTo(models.matchPolicy().cosineThreshold());
        }
        assertThat(names(identify(gallery, photo("biden/biden2.jpg")))).containsExactly("biden");
    }

    @Test
    void recognisesBothPeopleInGroupPhotosAndNotTheChild() {
        FaceGallery gallery = obamaAndBiden();
        assertThat(names(identify(gallery, photo("group/two_people.jpg")))).containsExactly("obama", "biden");
        List<String> threeFaces = names(identify(gallery, photo("group/obama_and_biden.jpg")));
        // Biden, Obama and a partly visible child, left to right; the child (if detected) is nobody enrolled.
        assertThat(threeFaces).startsWith("biden", "obama");
        assertThat(threeFaces.subList(2, threeFaces.size())).containsOnly("unknown");
        assertThat(threeFaces).containsOnlyOnce("obama", "biden");
    }

    @Test
    void someoneNotEnrolledIsUnknown() {
        FaceGallery onlyObama = enroll(Map.of("obama", List.of(photo("obama/obama.jpg"))));
        for (String biden : List.of("biden/biden.jpg", "biden/biden2.jpg")) {
            List<FaceMatch> matches = identify(onlyObama, photo(biden));
            assertThat(names(matches)).as(biden).containsExactly("unknown");
            assertThat(matches.get(0).nearestStudent()).isEqualTo("obama");
        }
        assertThat(names(identify(onlyObama, photo("group/two_people.jpg")))).containsExactly("obama", "unknown");
    }

    @Test
    void whiteHousePhotosAreNeverTakenForAnotherCourseStudent() throws Exception {
        // The course enrols president_obama and president_biden from video frames: the same two people as
        // the White House photos. Every other course student is an impostor for these photos.
        FaceGallery course = FaceGallery.of(FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(),
                FaceEnrollment.findStudentPhotos(TestAssets.require("course/enroll"))).encodings(), models.matchPolicy());
        Map<String, String> person = new LinkedHashMap<>();
        for (String obama : List.of("obama/obama.jpg", "obama/obama1.jpg", "obama/obama2.jpg", "obama/obama3.jpg")) {
            person.put(obama, "president_obama");
        }
        person.put("biden/biden.jpg", "president_biden");
        person.put("biden/biden2.jpg", "president_biden");
        for (Map.Entry<String, String> photo : person.entrySet()) {
            List<FaceMatch> matches = identify(course, photo(photo.getKey()));
            assertThat(matches).as(photo.getKey()).hasSize(1);
            assertThat(matches.get(0).name()).as(photo.getKey()).isIn(photo.getValue(), "unknown");
        }
        // The impostor similarities themselves stay below the threshold (measured: at most 0.27).
        try (Mat image = Photos.read(photo("biden/biden2.jpg"))) {
            float[] biden = engine.embed(image, engine.detectInPhoto(image).get(0));
            FaceMatch match = course.match(biden);
            assertThat(match.nearestStudent()).isEqualTo("president_biden");
            assertThat(match.runnerUpSimilarity()).isLessThan(models.matchPolicy().cosineThreshold() - 0.1);
        }
    }

    @Test
    void thumbnailsOf64PixelsEnrollAndIdentify() {
        Path obamaThumb = thumbnail(photo("obama/obama.jpg"), "obama.png");
        Path bidenThumb = thumbnail(photo("biden/biden.jpg"), "biden.png");
        FaceGallery gallery = enroll(Map.of("obama", List.of(obamaThumb), "biden", List.of(bidenThumb)));
        for (String other : List.of("obama/obama1.jpg", "obama/obama2.jpg", "obama/obama3.jpg")) {
            assertThat(names(identify(gallery, photo(other)))).as(other).containsExactly("obama");
            assertThat(names(identify(gallery, thumbnail(photo(other), "t.png")))).as("thumbnail of " + other).containsExactly("obama");
        }
        assertThat(names(identify(gallery, photo("biden/biden2.jpg")))).containsExactly("biden");
        // At 64 px the painted background of biden2.jpg also yields a small face-like detection: it must stay unknown.
        assertThat(names(identify(gallery, thumbnail(photo("biden/biden2.jpg"), "t.png"))))
                .containsOnlyOnce("biden")
                .containsOnly("biden", "unknown");
    }

    @Test
    void aFaceFillingTheWholePhotoIsFound() {
        // Cropped inside the face box: the detector alone finds nothing, the photo path (border retry) does.
        Path tight = crop(photo("obama/obama1.jpg"), 0.5, 0, "tight.png");
        try (Mat image = Photos.read(tight)) {
            assertThat(engine.detectInFrame(image)).isEmpty();
            assertThat(engine.detectInPhoto(image)).hasSize(1);
        }
        FaceGallery gallery = obamaAndBiden();
        assertThat(names(identify(gallery, tight))).containsExactly("obama");
        Path tinyTight = crop(photo("biden/biden.jpg"), 0.6, 32, "tiny.png");
        assertThat(names(identify(gallery, tinyTight))).containsExactly("biden");
    }

    @Test
    void aPhoneJpegIsTurnedUprightFromItsExifOrientation() throws Exception {
        // Pixels stored a quarter-turn counter-clockwise, with EXIF orientation 6 ("turn 90° clockwise to view").
        Path sideways = temp.resolve("sideways.jpg");
        try (Mat image = Photos.read(photo("obama/obama1.jpg")); Mat turned = new Mat()) {
            rotate(image, turned, ROTATE_90_COUNTERCLOCKWISE);
            imwrite(sideways.toString(), turned);
        }
        byte[] jpeg = Files.readAllBytes(sideways);
        byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] withExif = new byte[jpeg.length + exif.length];
        System.arraycopy(jpeg, 0, withExif, 0, 2);
        System.arraycopy(exif, 0, withExif, 2, exif.length);
        System.arraycopy(jpeg, 2, withExif, 2 + exif.length, jpeg.length - 2);
        Files.write(sideways, withExif);
        try (Mat upright = Photos.read(sideways)) {
            assertThat(upright.cols()).isGreaterThan(upright.rows());
        }
        assertThat(names(identify(obamaAndBiden(), sideways))).containsExactly("obama");
    }

    @Test
    void aPhotoWithoutFaceHasNone() {
        try (Mat noise = new Mat(480, 640, CV_8UC3); Mat low = new Mat(1, 1, CV_8UC1, new Scalar(0)); Mat high = new Mat(1, 1, CV_8UC1, new Scalar(255))) {
            randu(noise, low, high);
            assertThat(engine.detectInPhoto(noise)).isEmpty();
        }
    }

    /** A 64×64 thumbnail: a square of 1.5× the face's size around it, scaled down. */
    private Path thumbnail(Path photo, String name) {
        return crop(photo, 1.5, 64, name);
    }

    /** A square crop of {@code factor}× the face's size around its centre, scaled to {@code size} pixels (0: kept). */
    private Path crop(Path photo, double factor, int size, String name) {
        try (Mat image = Photos.read(photo)) {
            DetectedFace face = engine.detectInPhoto(image).get(0);
            double half = Math.max(face.width(), face.height()) * factor / 2;
            int x0 = (int) Math.max(0, face.centerX() - half);
            int y0 = (int) Math.max(0, face.y() + face.height() / 2 - half);
            int x1 = (int) Math.min(image.cols(), face.centerX() + half);
            int y1 = (int) Math.min(image.rows(), face.y() + face.height() / 2 + half);
            Path out = temp.resolve(System.nanoTime() + "-" + name);
            try (Rect box = new Rect(x0, y0, x1 - x0, y1 - y0); Mat cropped = new Mat(image, box); Mat scaled = new Mat()) {
                if (size > 0) {
                    try (Size target = new Size(size, size)) {
                        resize(cropped, scaled, target, 0, 0, INTER_AREA);
                    }
                    assertThat(scaled.cols()).isEqualTo(size);
                    imwrite(out.toString(), scaled);
                } else {
                    imwrite(out.toString(), cropped);
                }
            }
            return out;
        }
    }
}
