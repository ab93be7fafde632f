package io.smartclassroom.provisioning.openstack;

import io.smartclassroom.provisioning.ProvisioningException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSH keys for the server's keypair: an RSA key generated here (the private key never leaves this machine),
 * written as a PEM {@code RSA PRIVATE KEY} that {@code ssh -i} reads, and OpenSSH public keys.
 */
final class SshKeys {
    static final int RSA_BITS = 3072;

    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)"
                    + "\\s+([A-Za-z0-9+/]+={0,3})(?:\\s+.*)?");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private SshKeys() {}

    /** A generated key; {@link #toString()} leaves the private key out. */
    record GeneratedKey(String publicKey, String privateKeyPem) {
        @Override
        public String toString() {
            return "GeneratedKey[publicKey=" + publicKey + ", privateKeyPem=<redacted>]";
        }
    }

    static GeneratedKey generateRsa(String comment) {
        return generateRsa(comment, RSA_BITS);
    }

    static GeneratedKey generateRsa(String comment, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
            return new GeneratedKey(openSshPublicKey(key.getPublicExponent(), key.getModulus(), comment), pkcs1Pem(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /** The OpenSSH public key of a PEM RSA private key ({@code RSA PRIVATE KEY} or unencrypted PKCS#8). */
    static String publicKeyOfPrivateKey(Path file, String comment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ProvisioningException("cannot read private key " + file + ": " + e.getMessage(), e);
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new ProvisioningException("private key " + file + " is not a PEM RSA private key (an OpenSSH-format or"
                    + " encrypted key cannot be read here); set openstack.public-key-file to its .pub file instead");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        try {
            if (pem.group(1).equals("RSA PRIVATE KEY")) {
                DerReader sequence = new DerReader(der).sequence();
                sequence.integer(); // version
                BigInteger modulus = sequence.integer();
                BigInteger exponent = sequence.integer();
                return openSshPublicKey(exponent, modulus, comment);
            }
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return openSshPublicKey(key.getPublicExponent(), key.getModulus(), comment);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new ProvisioningException("private key " + file + " is not an RSA key this tool can read;"
                    + " set openstack.public-key-file to its .pub file instead", e);
        }
    }

    /** Reads and checks an OpenSSH public key file (its first non-empty line). */
    static String readPublicKey(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProvisioningException("cannot read public key " + file + ": " + e.getMessage(), e);
        }
        String key = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
        if (!PUBLIC_KEY.matcher(key).matches()) {
            throw new ProvisioningException(file + " is not an OpenSSH public key (ssh-rsa/ssh-ed25519/ecdsa-sha2-... AAAA...)");
        }
        return key;
    }

    /** Whether two OpenSSH public keys are the same key (type and blob; comments do not count). */
    static boolean sameKey(String a, String b) {
        return keyBody(a).isPresent() && keyBody(a).equals(keyBody(b));
    }

    private static Optional<String> keyBody(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher matcher = PUBLIC_KEY.matcher(key.strip());
        return matcher.matches() ? Optional.of(matcher.group(1) + " " + matcher.group(2)) : Optional.empty();
    }

    /**
     * Writes {@code pem} to a new file readable by its owner only (created with mode 0600, never widened),
     * creating missing parent directories with mode 0700.
     *
     * @throws ProvisioningException when the file exists already: it may be someone's key
     */
    static void writePrivateKey(Path file, String pem) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new ProvisioningException("private key file " + file + " exists already; not overwriting it", e);
        } catch (UnsupportedOperationException e) {
            throw new ProvisioningException("cannot create " + file + " with mode 0600 on this file system", e);
        } catch (IOException e) {
            throw new ProvisioningException("cannot write private key " + file + ": " + e.getMessage(), e);
        }
    }

    static String openSshPublicKey(BigInteger exponent, BigInteger modulus, String comment) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(blob, exponent.toByteArray());
        writeString(blob, modulus.toByteArray());
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + (comment.isEmpty() ? "" : " " + comment);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** PKCS#1 RSAPrivateKey: SEQUENCE { version 0, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p }. */
    private static String pkcs1Pem(RSAPrivateCrtKey key) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (BigInteger value : List.of(BigInteger.ZERO, key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient())) {
            derElement(content, 0x02, value.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        derElement(sequence, 0x30, content.toByteArray());
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sequence.toByteArray());
        return "-----BEGIN RSA PRIVATE KEY-----\n" + base64 + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static void derElement(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.write(value, 0, value.length);
    }

    /** Just enough DER to read the integers of a PKCS#1 key. */
    private static final class DerReader {
        private final byte[] der;
        private int position;
        private final int end;

        DerReader(byte[] der) {
            this(der, 0, der.length);
        }

        private DerReader(byte[] der, int start, int end) {
            this.der = der;
            this.position = start;
            this.end = end;
        }

        DerReader sequence() {
            int length = header(0x30);
            DerReader inner = new DerReader(der, position, position + length);
            position += length;
            return inner;
        }

        BigInteger integer() {
            int length = header(0x02);
            BigInteger value = new BigInteger(Arrays.copyOfRange(der, position, position + length));
            position += length;
            return value;
        }

        private int header(int tag) {
            if (position + 2 > end || (der[position] & 0xff) != tag) {
                throw new IllegalArgumentException("unexpected DER structure");
            }
            position++;
            int first = der[position++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int bytes = first & 0x7f;
                if (bytes < 1 || bytes > 3) {
                    throw new IllegalArgumentException("unexpected DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[position++] & 0xff);
                }
            }
            if (position + length > end) {
                throw new IllegalArgumentException("truncated DER");
            }
            return length;
        }
    }
}
