package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the output bucket and the roster into an {@link AttendanceReport}, downloading each present student's
 * evidence image into the report's folder (at its key: {@code DIR/evidence/r1/a/alice.jpg}).
 */
final class ReportBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ReportBuilder.class);

    private final S3Client s3;
    private final String bucket;
    private final StudentsTable table;
    private final Clock clock;

    ReportBuilder(S3Client s3, String bucket, StudentsTable table, Clock clock) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.table = requireNonNull(table, "table");
        this.clock = requireNonNull(clock, "clock");
    }

    AttendanceReport build(List<String> prefixes, Path dir) {
        List<RosterStudent> roster = table.roster();
        ResultObjects objects = ResultObjects.list(s3, bucket, prefixes);
        SortedSet<String> stems = new TreeSet<>(objects.csvs().keySet());
        stems.addAll(objects.records().keySet());
        List<VideoResult> videos = stems.stream().map(stem -> video(stem, objects)).toList();
        ResultsDownload download = new ResultsDownload(s3, bucket, dir);
        Map<String, EvidenceImage> evidence = new LinkedHashMap<>();
        for (VideoResult video : videos) {
            video.record().ifPresent(record -> record.students().forEach(student -> student.evidence().ifPresent(uri ->
                    evidence.computeIfAbsent(uri, u -> evidence(u, video, objects, download)))));
        }
        return new AttendanceReport(bucket, table.name(), roster, videos, evidence, clock.instant());
    }

    private VideoResult video(String stem, ResultObjects objects) {
        Optional<String> csvKey = Optional.ofNullable(objects.csvs().get(stem));
        Optional<String> recordKey = Optional.ofNullable(objects.records().get(stem));
        Optional<ResultCsv> csv = csvKey.flatMap(this::text).map(ResultCsv::parse);
        Optional<AttendanceRecord> record = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (recordKey.isPresent()) {
            String source = "s3://" + bucket + "/" + recordKey.get();
            Optional<String> json = text(recordKey.get());
            try {
                record = json.map(text -> AttendanceRecord.parse(text, source));
                if (json.isEmpty()) {
                    problem = Optional.of("The attendance record " + source + " was deleted while the report was made.");
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("event=record-unreadable video={} record={} reason={}", stem, source, e.getMessage());
                problem = Optional.of("The attendance record could not be read (" + e.getMessage() + ")"
                        + (csv.isPresent() ? "; showing what the CSV says." : "."));
            }
        }
        return new VideoResult(stem, csvKey, csv, recordKey, record, problem);
    }

    private Optional<String> text(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private EvidenceImage evidence(String uri, VideoResult video, ResultObjects objects, ResultsDownload download) {
        String prefix = "s3://" + bucket + "/";
        if (!uri.startsWith(prefix)) {
            return EvidenceImage.missing(uri, "evidence in another bucket, not downloaded: " + uri);
        }
        String key = uri.substring(prefix.length());
        if (!key.startsWith(io.smartclassroom.common.ResultKeys.EVIDENCE_PREFIX) || !LocalFiles.isSafe(key)) {
            return EvidenceImage.missing(uri, "not an evidence key, not downloaded: " + uri);
        }
        if (!objects.sizes().containsKey(key)) {
            return EvidenceImage.missing(uri, "evidence image not in the bucket (expired or never written): " + uri);
        }
        try {
            download.download(key);
            return EvidenceImage.downloaded(uri, key);
        } catch (NoSuchKeyException e) {
            return EvidenceImage.missing(uri, "evidence image deleted while the report was made: " + uri);
        } catch (SdkException | UncheckedIOException e) {
            LOG.warn("event=evidence-download-failed video={} evidence={} reason={}", video.stem(), uri, e.getMessage());
            return EvidenceImage.missing(uri, "evidence image could not be downloaded (" + e.getMessage() + "): " + uri);
        }
    }
}
