package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

/** The result object of a video: {@code x.mp4} gives {@code x.csv}. */
public final class OutputKeys {
    private OutputKeys() {}

    public static String csvKeyFor(String video) {
        requireNonNull(video, "video");
        int slash = video.lastIndexOf('/');
        String fileName = video.substring(slash + 1);
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return stem + ".csv";
    }
}
