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
