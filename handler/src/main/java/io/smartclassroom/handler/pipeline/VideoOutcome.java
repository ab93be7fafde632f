package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the pipeline did with one video: where the CSV went, who is in it, and what was examined.
 * {@code outcome} is {@value #STUDENTS_FOUND} or {@value #NO_STUDENTS}; {@code reason} explains an
 * empty or incomplete CSV and is empty otherwise; {@code missingRecords} lists recognised names the
 * students table has no record of (their rows have empty major and year).
 */
public record VideoOutcome(
        String bucket,
        String key,
        String outputBucket,
        String outputKey,
        String outcome,
        List<String> students,
        List<String> missingRecords,
        int framesExamined,
        int facesDetected,
        int unknownFaces,
        String reason,
        long elapsedMillis) {

    public static final String STUDENTS_FOUND = "students-found";
    public static final String NO_STUDENTS = "no-students";

    public VideoOutcome {
        requireNonNull(bucket, "bucket");
        requireNonNull(key, "key");
        requireNonNull(outputBucket, "outputBucket");
        requireNonNull(outputKey, "outputKey");
        requireNonNull(outcome, "outcome");
        students = List.copyOf(requireNonNull(students, "students"));
        missingRecords = List.copyOf(requireNonNull(missingRecords, "missingRecords"));
        requireNonNull(reason, "reason");
    }
}
