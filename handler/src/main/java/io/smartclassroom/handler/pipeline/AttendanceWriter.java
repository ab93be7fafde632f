package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The write stage: puts the CSV into the output bucket, with what the recognition found in the
 * object's user metadata ({@code x-amz-meta-outcome}, {@code -reason}, {@code -frames-examined},
 * {@code -faces-detected}, {@code -unknown-faces}, {@code -missing-records}, {@code -source}).
 */
public final class AttendanceWriter {
    /** S3 allows 2 KB of user metadata in all; long values are cut to this many characters. */
    private static final int MAX_VALUE_LENGTH = 400;

    private final S3Client s3;
    private final String outputBucket;

    public AttendanceWriter(S3Client s3, String outputBucket) {
        this.s3 = requireNonNull(s3, "s3");
        this.outputBucket = requireNonNull(outputBucket, "outputBucket");
    }

    public String outputBucket() {
        return outputBucket;
    }

    /** Writes (or overwrites) {@code key} in the output bucket. */
    public void write(String key, List<StudentRecord> rows, Map<String, String> metadata) {
        requireNonNull(key, "key");
        byte[] csv = AttendanceCsv.render(rows);
        Map<String, String> headers = new LinkedHashMap<>();
        metadata.forEach((name, value) -> headers.put(name, headerSafe(value)));
        s3.putObject(PutObjectRequest.builder()
                        .bucket(outputBucket)
                        .key(key)
                        .contentType(AttendanceCsv.CONTENT_TYPE)
                        .contentLength((long) csv.length)
                        .metadata(headers)
                        .build(),
                RequestBody.fromBytes(csv));
    }

    /**
     * User metadata travels in HTTP headers, which hold printable US-ASCII only: other characters
     * (and {@code %}) are written as UTF-8 percent escapes, so {@code ü} becomes {@code %C3%BC}.
     */
    static String headerSafe(String value) {
        String cut = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH - 3) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (byte b : cut.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString().strip();
    }
}
