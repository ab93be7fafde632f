package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.S3Message;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link AttendanceRecord} of one event from what the pipeline decided and wrote for it. */
final class AttendanceRecords {
    private AttendanceRecords() {}

    /**
     * The record of {@code event}'s video: {@code rows} are the CSV's rows (one per recognised student, in the
     * order of {@code analysis}'s sightings), {@code evidence} the S3 URI of each student's written evidence image
     * (a student without one has {@code evidence: null}), {@code unknownEvidence} those of unknown faces (left out
     * when empty), {@code segments} how many invocations analysed the video.
     *
     * @throws IllegalArgumentException when a row has no sighting in the analysis
     */
    static AttendanceRecord of(S3Message.ObjectEvent event, VideoAnalysis analysis, List<StudentRecord> rows,
            String outcome, String reason, Map<String, String> evidence, List<String> unknownEvidence, int segments,
            RecordModel model, StageTimings timings) {
        requireNonNull(event, "event");
        requireNonNull(analysis, "analysis");
        requireNonNull(rows, "rows");
        requireNonNull(evidence, "evidence");
        requireNonNull(unknownEvidence, "unknownEvidence");
        requireNonNull(timings, "timings");
        Map<String, StudentSighting> sightings = new LinkedHashMap<>();
        for (StudentSighting sighting : analysis.students()) {
            sightings.putIfAbsent(sighting.name(), sighting);
        }
        List<AttendanceRecord.Student> students = new ArrayList<>(rows.size());
        for (StudentRecord row : rows) {
            StudentSighting seen = sightings.get(row.name());
            if (seen == null) {
                throw new IllegalArgumentException("the CSV row of " + row.name() + " for " + event.object()
                        + " has no sighting in the analysis (students seen: " + sightings.keySet() + ")");
            }
            boolean hasRecord = row.id().isPresent() || !row.major().isEmpty() || !row.year().isEmpty();
            students.add(new AttendanceRecord.Student(row.name(), row.id().orElse(null),
                    hasRecord ? row.major() : null, hasRecord ? row.year() : null,
                    seen.firstSeenSeconds(), seen.lastSeenSeconds(), seen.seenSeconds(), Math.max(1, seen.frames()),
                    clampSimilarity(seen.bestSimilarity()), evidence.get(row.name())));
        }
        double duration = Math.max(analysis.durationSeconds(),
                students.stream().mapToDouble(AttendanceRecord.Student::lastSeenSeconds).max().orElse(0));
        return new AttendanceRecord(AttendanceRecord.SCHEMA_VERSION, event.object().toString(),
                event.versionId().orElse(null), event.eTag().orElse(null), duration, outcome, reason, segments,
                students, analysis.unknownPeople(), unknownEvidence.isEmpty() ? null : unknownEvidence,
                analysis.framesExamined(), analysis.framesDecoded(), analysis.facesDetected(), analysis.stats().embeddings(),
                analysis.samplingIntervalSeconds(), model, timings.millis());
    }

    private static double clampSimilarity(double similarity) {
        return Math.max(-1, Math.min(1, similarity));
    }
}
