package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where an object of the output bucket goes in a local folder: its key as a relative path
 * ({@code evidence/r1/a/alice.jpg} → {@code DIR/evidence/r1/a/alice.jpg}), and the relative URL a page in that
 * folder uses for it. A key that could leave the folder ({@code ..}, {@code .}, an empty segment, a leading
 * {@code /}, a backslash or a control character) is refused.
 */
final class LocalFiles {
    private LocalFiles() {}

    /** @throws IllegalArgumentException naming the key when it is not a safe relative path */
    static Path resolve(Path dir, String key) {
        requireNonNull(dir, "dir");
        check(key);
        Path base = dir.toAbsolutePath().normalize();
        Path file = base.resolve(key).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("object key '" + key + "' would leave " + dir);
        }
        return file;
    }

    /** Whether {@link #resolve} accepts the key. */
    static boolean isSafe(String key) {
        try {
            check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The key as a relative URL: each segment percent-encoded (UTF-8), everything but {@code A-Za-z0-9-._~}. */
    static String relativeUrl(String key) {
        check(key);
        StringBuilder url = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                url.append((char) c);
            } else {
                url.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return url.toString();
    }

    private static void check(String key) {
        requireNonNull(key, "key");
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' is not a file path");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException("object key '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' has a control character or a backslash");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key '" + key + "' has a '" + segment + "' segment");
            }
        }
    }
}
