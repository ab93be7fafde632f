package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The result CSVs in the output bucket. */
public final class OutputBucket {
    private final S3Client s3;
    private final String bucket;

    public OutputBucket(S3Client s3, String bucket) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
    }

    public String name() {
        return bucket;
    }

    /** Every key of the bucket ending with {@code .csv}, sorted. */
    public Set<String> csvKeys() {
        Set<String> keys = new TreeSet<>();
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
            if (object.key().endsWith(".csv")) {
                keys.add(object.key());
            }
        }
        return keys;
    }

    /** The text of each of {@code keys} that exists (a key deleted meanwhile is left out). */
    public Map<String, String> read(List<String> keys) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                contents.put(key, s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String());
            } catch (NoSuchKeyException e) {
                // listed, then deleted before it was read
            }
        }
        return contents;
    }
}
