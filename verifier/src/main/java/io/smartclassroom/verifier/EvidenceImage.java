package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A student's evidence image as the report has it: the S3 URI the record names and, when it was downloaded,
 * its path relative to the report's folder; otherwise why not.
 */
public record EvidenceImage(String uri, Optional<String> localKey, String problem) {
    public EvidenceImage {
        requireNonNull(uri, "uri");
        requireNonNull(localKey, "localKey");
        requireNonNull(problem, "problem");
    }

    public static EvidenceImage downloaded(String uri, String localKey) {
        return new EvidenceImage(uri, Optional.of(localKey), "");
    }

    public static EvidenceImage missing(String uri, String problem) {
        return new EvidenceImage(uri, Optional.empty(), problem);
    }
}
