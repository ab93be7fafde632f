package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything the report page shows: the roster, every video's result, the evidence images it has. */
public record AttendanceReport(
        String bucket,
        String table,
        List<RosterStudent> roster,
        List<VideoResult> videos,
        Map<String, EvidenceImage> evidence,
        Instant generatedAt) {

    public AttendanceReport {
        requireNonNull(bucket, "bucket");
        requireNonNull(table, "table");
        roster = List.copyOf(requireNonNull(roster, "roster"));
        videos = List.copyOf(requireNonNull(videos, "videos"));
        evidence = Map.copyOf(requireNonNull(evidence, "evidence"));
        requireNonNull(generatedAt, "generatedAt");
    }

    /** The students of the matrix: the roster in its order, then anyone recognised who is not in it. */
    public List<String> students() {
        Set<String> names = new LinkedHashSet<>();
        roster.forEach(student -> names.add(student.name()));
        videos.forEach(video -> names.addAll(video.presentNames()));
        return new ArrayList<>(names);
    }

    public boolean isEnrolled(String name) {
        return roster.stream().anyMatch(student -> student.name().equals(name));
    }
}
