package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code registry/repository:tag} or {@code registry/repository@sha256:digest}.
 *
 * @param registry e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}
 * @param repository e.g. {@code smart-classroom-handler}
 * @param tag the tag, when the reference has one
 * @param digest {@code sha256:...}, when the reference has one
 */
public record ImageUri(String registry, String repository, Optional<String> tag, Optional<String> digest) {
    private static final Pattern ECR_REGISTRY = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    public ImageUri {
        requireNonNull(registry, "registry");
        requireNonNull(repository, "repository");
        requireNonNull(tag, "tag");
        requireNonNull(digest, "digest");
    }

    public static ImageUri parse(String uri) {
        requireNonNull(uri, "uri");
        int slash = uri.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not an image URI: " + uri);
        }
        String registry = uri.substring(0, slash);
        String rest = uri.substring(slash + 1);
        int at = rest.indexOf('@');
        if (at >= 0) {
            return new ImageUri(registry, rest.substring(0, at), Optional.empty(), Optional.of(rest.substring(at + 1)));
        }
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            return new ImageUri(registry, rest.substring(0, colon), Optional.of(rest.substring(colon + 1)), Optional.empty());
        }
        return new ImageUri(registry, rest, Optional.empty(), Optional.empty());
    }

    /** The digest of an image URI as Lambda resolves it ({@code ...@sha256:...}), if it has one. */
    public static Optional<String> digestOf(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        return parse(uri).digest();
    }

    /** This image by {@code digest}: {@code registry/repository@digest}. */
    public String pinned(String digest) {
        requireNonNull(digest, "digest");
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("not an image digest: " + digest);
        }
        return registry + "/" + repository + "@" + digest;
    }

    /** Whether {@code other} is in the same registry and repository (whatever its tag or digest). */
    public boolean sameRepository(ImageUri other) {
        return registry.equals(other.registry) && repository.equals(other.repository);
    }

    /** The account of an ECR registry, or empty for another registry. */
    public Optional<String> ecrRegistryId() {
        Matcher matcher = ECR_REGISTRY.matcher(registry);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** A short form of a digest for the one-line reports: {@code sha256:} and 12 hex digits. */
    public static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return digest.length() <= colon + 13 ? digest : digest.substring(0, colon + 13) + "…";
    }
}
