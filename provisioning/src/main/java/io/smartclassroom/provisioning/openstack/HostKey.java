package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * One SSH host key of the monitor's server, as cloud-init prints it to the server's console between
 * {@value #BEGIN} and {@value #END}: {@code <type> <base64 blob> [comment]}. The console log comes from Nova's API
 * (authenticated, over TLS), not from the network path to the server, so a key read there is a trust anchor for
 * the SSH connection: no trust on first use.
 */
public record HostKey(String type, String base64) {
    public static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    public static final String END = "-----END SSH HOST KEY KEYS-----";

    private static final Pattern LINE = Pattern.compile(
            "(?:^|\\s)(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521))\\s+([A-Za-z0-9+/]+={0,3})(?:\\s|$)");

    public HostKey {
        requireNonNull(type, "type");
        requireNonNull(base64, "base64");
        byte[] blob = Base64.getDecoder().decode(base64);
        if (!type.equals(blobType(blob))) {
            throw new IllegalArgumentException("host key of type " + type + " holds a blob of another type");
        }
    }

    /**
     * The host keys of the last boot's block in a server's console output (a console can hold several boots; each
     * line may carry a prefix such as {@code ec2: } or a kernel timestamp). Empty when no complete block is there yet.
     */
    public static List<HostKey> fromConsole(String consoleOutput) {
        requireNonNull(consoleOutput, "consoleOutput");
        int end = consoleOutput.lastIndexOf(END);
        if (end < 0) {
            return List.of();
        }
        int begin = consoleOutput.lastIndexOf(BEGIN, end);
        if (begin < 0) {
            return List.of();
        }
        List<HostKey> keys = new ArrayList<>();
        for (String line : consoleOutput.substring(begin + BEGIN.length(), end).split("\\R")) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.find()) {
                try {
                    keys.add(new HostKey(matcher.group(1), matcher.group(2)));
                } catch (IllegalArgumentException e) {
                    // a garbled line (console output can interleave): not a key
                }
            }
        }
        return List.copyOf(keys);
    }

    /** The host key of a public key, e.g. the one a server offered. */
    public static HostKey of(PublicKey key) {
        String[] parts = PublicKeyEntry.toString(requireNonNull(key, "key")).split(" ");
        if (parts.length < 2) {
            throw new IllegalArgumentException("key of algorithm " + key.getAlgorithm() + " has no OpenSSH form");
        }
        return new HostKey(parts[0], parts[1]);
    }

    /** Whether {@code key}, offered by a server, is this key. */
    public boolean matches(PublicKey key) {
        requireNonNull(key, "key");
        String[] offered = PublicKeyEntry.toString(key).split(" ");
        return offered.length >= 2 && offered[0].equals(type)
                && Arrays.equals(Base64.getDecoder().decode(offered[1]), Base64.getDecoder().decode(base64));
    }

    /** {@code <type> SHA256:<fingerprint>}, as {@code ssh-keygen -l} shows it. */
    public String fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64));
            return type + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The key type an SSH public key blob starts with (a uint32 length, then the name). */
    private static String blobType(byte[] blob) {
        if (blob.length < 4) {
            return "";
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        return length < 0 || length > blob.length - 4 ? "" : new String(blob, 4, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
