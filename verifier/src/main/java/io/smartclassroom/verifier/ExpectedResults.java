package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each video's result CSV should hold: a set of students per video, in the order the videos were
 * listed. A video may expect no student (its CSV is then header-only).
 */
public record ExpectedResults(Map<String, Set<StudentRow>> byVideo) {
    public ExpectedResults {
        requireNonNull(byVideo, "byVideo");
        Map<String, Set<StudentRow>> copy = new LinkedHashMap<>();
        byVideo.forEach((video, rows) -> copy.put(video, Collections.unmodifiableSet(new TreeSet<>(rows))));
        byVideo = Collections.unmodifiableMap(copy);
    }

    /** The same expectations for the videos under {@code prefix}: {@code a.mp4} becomes {@code prefix + a.mp4}. */
    public ExpectedResults under(String prefix) {
        requireNonNull(prefix, "prefix");
        Map<String, Set<StudentRow>> moved = new LinkedHashMap<>();
        byVideo.forEach((video, rows) -> moved.put(prefix + video, rows));
        return new ExpectedResults(moved);
    }

    public int size() {
        return byVideo.size();
    }
}
