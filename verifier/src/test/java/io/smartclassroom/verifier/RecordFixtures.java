package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.smartclassroom.common.ResultKeys;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Attendance records as the handler writes them (checked against common's JSON Schema before a test uses them)
 * and evidence JPEGs cropped from the course's enrollment photos in {@code $ASSETS_DIR/course/enroll}.
 */
final class RecordFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = schema();

    private RecordFixtures() {}

    /** A record builder for the video {@code s3://inputBucket/videoKey}. */
    static Record record(String inputBucket, String videoKey, double durationS) {
        return new Record(inputBucket, videoKey, durationS);
    }

    /** Fails the test when {@code json} does not validate against {@code attendance-record.schema.json}. */
    static String validated(String json) {
        assertThat(SCHEMA.validate(json, InputFormat.JSON)).as("schema errors of %s", json).isEmpty();
        return json;
    }

    /** A real JPEG: the middle of the student's enrollment photo (skips the test when the assets are absent). */
    static byte[] faceJpeg(String enrolledStudent) {
        String assets = System.getenv("ASSETS_DIR");
        Path photo = assets == null ? null : Path.of(assets, "course", "enroll", enrolledStudent + ".jpg");
        assumeTrue(photo != null && Files.isRegularFile(photo),
                () -> "test asset " + photo + " is missing: set ASSETS_DIR to the shared assets folder");
        try {
            BufferedImage image = ImageIO.read(photo.toFile());
            int side = Math.min(image.getWidth(), image.getHeight()) / 2;
            BufferedImage crop = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            crop.getGraphics().drawImage(image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2,
                    side, side), 0, 0, null);
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            assertThat(ImageIO.write(crop, "jpg", jpeg)).isTrue();
            return jpeg.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema() {
        try (InputStream in = ResultKeys.class.getResourceAsStream(ResultKeys.RECORD_SCHEMA_RESOURCE)) {
            assertThat(in).as(ResultKeys.RECORD_SCHEMA_RESOURCE).isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Record {
        private final String videoKey;
        private final ObjectNode root = JSON.createObjectNode();
        private final ArrayNode students;

        private Record(String inputBucket, String videoKey, double durationS) {
            this.videoKey = videoKey;
            root.put("schema_version", 1);
            root.put("video", "s3://" + inputBucket + "/" + videoKey);
            root.put("duration_s", durationS);
            root.put("outcome", "no-students");
            root.put("reason", "");
            students = root.putArray("students");
            root.put("unknown_faces", 0);
            root.put("frames_examined", (int) Math.ceil(durationS * 2));
            root.put("sampling_interval_s", 0.5);
            ObjectNode model = root.putObject("model");
            model.put("name", "sface");
            model.put("sha256", "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79");
            model.put("threshold", 0.363);
            ObjectNode timings = root.putObject("timings_ms");
            timings.put("fetch", 12);
            timings.put("decode", 140);
            timings.put("total", 812);
        }

        /** A student seen from {@code first} to {@code last}; evidence under the output bucket's evidence key, or none. */
        Record student(String name, Object id, String major, String year, double first, double last, String evidenceBucket) {
            ObjectNode student = students.addObject();
            student.put("name", name);
            if (id == null) {
                student.putNull("id");
            } else {
                student.put("id", id.toString());
            }
            student.put("major", major);
            student.put("year", year);
            student.put("first_seen_s", first);
            student.put("last_seen_s", last);
            student.put("seen_s", last - first + 0.5);
            student.put("frames", (int) Math.round((last - first) * 2) + 1);
            student.put("best_similarity", 0.71);
            if (evidenceBucket == null) {
                student.putNull("evidence");
            } else {
                student.put("evidence", "s3://" + evidenceBucket + "/" + ResultKeys.evidenceKey(videoKey, name));
            }
            root.put("outcome", "students-found");
            return this;
        }

        Record unknownFaces(int count) {
            root.put("unknown_faces", count);
            return this;
        }

        Record reason(String reason) {
            root.put("reason", reason);
            return this;
        }

        /** The record's JSON, validated against the schema. */
        String json() {
            try {
                return validated(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
