package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

/**
 * Where the results of a video go in the output bucket: the video's key with its folders kept and its
 * extension replaced. {@code r1/test_00.mp4} → {@code r1/test_00.csv}; a key without a folder maps as it
 * always has: {@code test_0.mp4} → {@code test_0.csv}. Every writer and reader of results uses this one rule,
 * so two videos of the same name in different folders never share a result.
 */
public final class ResultKeys {
    private ResultKeys() {}

    /** The attendance CSV of a video: {@code courseA/lecture1.mp4} → {@code courseA/lecture1.csv}. */
    public static String csvKey(String videoKey) {
        return stem(videoKey) + ".csv";
    }

    /** The attendance record (JSON) of a video: {@code courseA/lecture1.mp4} → {@code courseA/lecture1.json}. */
    public static String recordKey(String videoKey) {
        return stem(videoKey) + ".json";
    }

    /**
     * The evidence image of one recognised student: {@code courseA/lecture1.mp4} and {@code alice} →
     * {@code evidence/courseA/lecture1/alice.jpg}. Everything under {@link #EVIDENCE_PREFIX} is a face and
     * expires with the input videos; CSVs and records are kept.
     */
    public static String evidenceKey(String videoKey, String studentName) {
        requireNonNull(studentName, "studentName");
        if (studentName.isBlank() || studentName.contains("/")) {
            throw new IllegalArgumentException("not a usable name for an evidence file: '" + studentName + "'");
        }
        return EVIDENCE_PREFIX + stem(videoKey) + "/" + studentName + ".jpg";
    }

    /** The folder under which all evidence of a video lies: {@code evidence/courseA/lecture1/}. */
    public static String evidenceFolder(String videoKey) {
        return EVIDENCE_PREFIX + stem(videoKey) + "/";
    }

    /** The prefix of every evidence image in the output bucket. */
    public static final String EVIDENCE_PREFIX = "evidence/";

    /** The attendance record's JSON Schema, a resource of this module. */
    public static final String RECORD_SCHEMA_RESOURCE = "/io/smartclassroom/common/attendance-record.schema.json";

    /**
     * The video's key without its extension, folders kept: {@code courseA/lecture 1.final.mp4} →
     * {@code courseA/lecture 1.final}; {@code .hidden} and {@code no-extension} stay as they are.
     *
     * @throws IllegalArgumentException when the key names a folder ({@code in/}) or is empty
     */
    public static String stem(String videoKey) {
        requireNonNull(videoKey, "videoKey");
        int slash = videoKey.lastIndexOf('/');
        String fileName = videoKey.substring(slash + 1);
        if (fileName.isEmpty()) {
            throw new IllegalArgumentException("the key names a folder, not a video: '" + videoKey + "'");
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? videoKey.substring(0, slash + 1 + dot) : videoKey;
    }
}
