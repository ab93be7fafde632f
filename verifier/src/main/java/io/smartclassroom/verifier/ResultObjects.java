package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the output bucket holds, listed once: every object's key and size, and by video stem
 * ({@code r1/a}) its CSV ({@code r1/a.csv}) and attendance record ({@code r1/a.json}). Evidence images
 * ({@code evidence/...}) are objects too, never videos.
 */
public record ResultObjects(String bucket, SortedMap<String, Long> sizes) {
    public ResultObjects {
        requireNonNull(bucket, "bucket");
        sizes = new TreeMap<>(requireNonNull(sizes, "sizes"));
    }

    /** Lists the bucket (every page); with prefixes, only results under one of them and the evidence of those results. */
    public static ResultObjects list(S3Client s3, String bucket, List<String> prefixes) {
        requireNonNull(s3, "s3");
        requireNonNull(prefixes, "prefixes");
        SortedMap<String, Long> sizes = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
            if (isWanted(object.key(), prefixes)) {
                sizes.put(object.key(), object.size());
            }
        }
        return new ResultObjects(bucket, sizes);
    }

    private static boolean isWanted(String key, List<String> prefixes) {
        if (prefixes.isEmpty()) {
            return true;
        }
        String result = key.startsWith(ResultKeys.EVIDENCE_PREFIX) ? key.substring(ResultKeys.EVIDENCE_PREFIX.length()) : key;
        return prefixes.stream().anyMatch(result::startsWith);
    }

    /** Video stem → CSV key, for every {@code .csv} outside {@code evidence/}. */
    public SortedMap<String, String> csvs() {
        return byStem(".csv");
    }

    /** Video stem → record key, for every {@code .json} outside {@code evidence/}. */
    public SortedMap<String, String> records() {
        return byStem(".json");
    }

    private SortedMap<String, String> byStem(String extension) {
        SortedMap<String, String> byStem = new TreeMap<>();
        for (Map.Entry<String, Long> entry : sizes.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(ResultKeys.EVIDENCE_PREFIX) && key.endsWith(extension) && key.length() > extension.length()) {
                byStem.put(key.substring(0, key.length() - extension.length()), key);
            }
        }
        return byStem;
    }
}
