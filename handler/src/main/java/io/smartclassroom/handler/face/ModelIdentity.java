package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which recognition model made a set of embeddings: its name, the SHA-256 of its file and the embedding
 * dimension. Embeddings are only comparable when made by the same file.
 */
public record ModelIdentity(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "sha256", required = true) String sha256,
        @JsonProperty(value = "dim", required = true) int dim) {
    public ModelIdentity {
        requireNonNull(name, "name");
        requireNonNull(sha256, "sha256");
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be positive: " + dim);
        }
    }

    /** Same model file (by SHA-256) and dimension; the name is informative only. */
    public boolean sameModelAs(ModelIdentity other) {
        return sha256.equalsIgnoreCase(other.sha256) && dim == other.dim;
    }

    @Override
    public String toString() {
        return "%s (sha256 %s, %d-d)".formatted(name, sha256, dim);
    }
}
