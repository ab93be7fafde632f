package io.smartclassroom.handler.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.TestAssets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The eight students enrolled from one photo each; each of the course's eight clips recognised per expected.csv. */
class CourseClipsRecognitionTest {
    private static final Logger LOG = LoggerFactory.getLogger(CourseClipsRecognitionTest.class);

    private static FaceModels models;
    private static FfmpegVideoRecognizer recognizer;

    @BeforeAll
    static void enrollTheCourse() throws Exception {
        models = TestAssets.standInModels();
        FaceGallery course = CourseGallery.enroll(models);
        assertThat(course.students()).hasSize(8);
        recognizer = new FfmpegVideoRecognizer(models.newEngine(), course, VideoSamplingPolicy.withSampleFps(2));
    }

    @AfterAll
    static void close() {
        if (recognizer != null) {
            recognizer.close();
        }
    }

    @Test
    void recognisesTheStudentOfEachCourseClip() throws Exception {
        Map<String, String> expected = CourseGallery.expectedStudents();
        assertThat(expected).hasSize(8);
        long total = 0;
        for (Map.Entry<String, String> clip : expected.entrySet()) {
            VideoAnalysis analysis = recognizer.analyze(CourseGallery.clip(clip.getKey()));
            LOG.info("{}: {} in {} ms ({} frames decoded, {} examined, stopped early {}, best similarity {})", clip.getKey(),
                    analysis.studentNames(), analysis.elapsedMillis(), analysis.framesDecoded(), analysis.framesExamined(),
                    analysis.stoppedEarly(), analysis.students().isEmpty() ? "-" : analysis.students().get(0).bestSimilarity());
            total += analysis.elapsedMillis();
            assertThat(analysis.studentNames()).as(clip.getKey()).containsExactly(clip.getValue());
            assertThat(analysis.framesExamined()).as(clip.getKey()).isGreaterThanOrEqualTo(3);
            assertThat(analysis.reason()).isEmpty();
            assertThat(analysis.students().get(0).frames()).isGreaterThanOrEqualTo(2);
            assertThat(analysis.students().get(0).bestSimilarity()).isGreaterThan(0.7);
            StudentSighting student = analysis.students().get(0);
            assertThat(student.firstSeenMicros()).isLessThanOrEqualTo(student.lastSeenMicros());
            assertThat(student.lastSeenMicros()).as(clip.getKey()).isLessThanOrEqualTo(analysis.durationMicros());
            FaceCrop evidence = student.evidence().orElseThrow(() -> new AssertionError(clip.getKey() + ": no evidence crop"));
            assertThat(evidence.similarity()).as("the crop is of the best match").isEqualTo(student.bestSimilarity());
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(evidence.jpeg()));
            assertThat(image).as(clip.getKey() + ": a decodable JPEG").isNotNull();
            assertThat(image.getHeight()).isEqualTo(EvidenceCropper.DEFAULT_HEIGHT);
            assertThat(analysis.unknownEvidence()).as("unknown-face crops are off by default").isEmpty();
        }
        LOG.info("8 course clips recognised in {} ms in total", total);
    }

    @Test
    void byDefaultTheWholeClipIsExamined() throws Exception {
        // test_1: 2.1 s at 2 frames per second; early stop is off by default, so every sample is examined.
        VideoAnalysis analysis = recognizer.analyze(CourseGallery.clip("test_1.mp4"));
        assertThat(analysis.stoppedEarly()).isFalse();
        assertThat(analysis.framesExamined()).isGreaterThanOrEqualTo(4);
        var result = analysis.toResult();
        assertThat(result.students()).containsExactly("president_biden");
        assertThat(result.framesExamined()).isEqualTo(analysis.framesExamined());
        assertThat(result.facesDetected()).isEqualTo(analysis.framesExamined());
        assertThat(result.unknownFaces()).isZero();
    }

    @Test
    void withEarlyStopTheRestIsNotEvenDecodedOnceTheAnswerIsSettled() throws Exception {
        try (FfmpegVideoRecognizer settling = new FfmpegVideoRecognizer(models.newEngine(), CourseGallery.enroll(models),
                VideoSamplingPolicy.withSampleFps(2).withSettleFrames(3))) {
            VideoAnalysis analysis = settling.analyze(CourseGallery.clip("test_1.mp4"));
            assertThat(analysis.stoppedEarly()).isTrue();
            assertThat(analysis.framesExamined()).isEqualTo(3);
            assertThat(analysis.framesDecoded()).isLessThan(20);
            assertThat(analysis.studentNames()).containsExactly("president_biden");
        }
    }

    @Test
    void aSecondPersonNobodyEnrolledIsCountedAsUnknown() throws Exception {
        // test_5 opens on Vin Diesel and a boy; the boy is nobody enrolled.
        VideoAnalysis analysis = recognizer.analyze(CourseGallery.clip("test_5.mp4"));
        assertThat(analysis.studentNames()).containsExactly("vin_diesel");
        assertThat(analysis.unknownFaces()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withUnknownFaceCropsTheBoyBesideVinDieselHasOne() throws Exception {
        try (FfmpegVideoRecognizer cropping = new FfmpegVideoRecognizer(models.newEngine(), CourseGallery.enroll(models),
                VideoSamplingPolicy.withSampleFps(2), EvidenceCropper.DEFAULT, true)) {
            VideoAnalysis analysis = cropping.analyze(CourseGallery.clip("test_5.mp4"));
            assertThat(analysis.studentNames()).containsExactly("vin_diesel");
            assertThat(analysis.unknownEvidence()).hasSize(analysis.maxUnknownFacesInFrame()).isNotEmpty();
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(analysis.unknownEvidence().get(0).jpeg())))
                    .isNotNull();
        }
    }

    @Test
    void aClipOfSomeoneNotEnrolledHasNoStudentAndSaysWhy() throws Exception {
        try (FfmpegVideoRecognizer withoutMorgan = new FfmpegVideoRecognizer(models.newEngine(),
                CourseGallery.enroll(models, "morgan_freeman"), VideoSamplingPolicy.withSampleFps(2))) {
            VideoAnalysis analysis = withoutMorgan.analyze(CourseGallery.clip("test_7.mp4"));
            assertThat(analysis.students()).isEmpty();
            assertThat(analysis.facesDetected()).isGreaterThanOrEqualTo(3);
            assertThat(analysis.unknownFaces()).isEqualTo(analysis.facesDetected());
            assertThat(analysis.stoppedEarly()).isFalse();
            assertThat(analysis.reason()).contains("faces found in", "none matched an enrolled student confidently");
        }
    }
}
