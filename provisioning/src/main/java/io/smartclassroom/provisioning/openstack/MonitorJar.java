package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the server downloads {@code monitor.jar} from at first boot, e.g. a presigned S3 URL, and the SHA-256
 * it must have. The URL's query (a presigned URL's signature) is treated as a secret: {@link #redactedUrl()}
 * and {@link #toString()} leave it out.
 *
 * @param url an http(s) URL; a presigned URL must stay valid until the server has booted (an hour is ample)
 * @param sha256 the jar's SHA-256 in hex; when present the download is checked against it
 */
public record MonitorJar(String url, Optional<String> sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public MonitorJar {
        requireNonNull(url, "url");
        requireNonNull(sha256, "sha256");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("monitor.jar URL is not a valid URI: " + redact(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("monitor.jar URL must be http(s), got " + redact(url));
        }
        // The URL goes into a shell script in single quotes.
        if (url.indexOf('\'') >= 0 || url.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("monitor.jar URL must be URL-encoded (no quotes, spaces or control characters)");
        }
        sha256 = sha256.map(hex -> hex.toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("monitor.jar SHA-256 must be 64 hex digits");
        }
    }

    /** The URL without its query string, safe to print. */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?<redacted>";
    }

    @Override
    public String toString() {
        return "MonitorJar[url=" + redactedUrl() + ", sha256=" + sha256.orElse("unchecked") + "]";
    }
}
