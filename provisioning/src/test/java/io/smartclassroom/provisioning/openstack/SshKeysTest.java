package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smartclassroom.provisioning.ProvisioningException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {
    @TempDir
    Path dir;

    @Test
    void theWrittenPrivateKeyIsOwnerOnlyAndGivesBackThePublicKey() throws Exception {
        SshKeys.GeneratedKey key = TestKeys.key(0);
        Path file = dir.resolve("new/ssh/monitor.pem");

        SshKeys.writePrivateKey(file, key.privateKeyPem());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(SshKeys.publicKeyOfPrivateKey(file, "x")).satisfies(publicKey -> assertThat(SshKeys.sameKey(publicKey, key.publicKey())).isTrue());
        assertThat(key.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void openSshReadsTheGeneratedKeyAsTheSameKeyPair() throws Exception {
        assumeTrue(new File("/usr/bin/ssh-keygen").canExecute(), "ssh-keygen is not installed");
        SshKeys.GeneratedKey key = TestKeys.key(0);
        Path file = dir.resolve("monitor.pem");
        SshKeys.writePrivateKey(file, key.privateKeyPem());

        Process keygen = new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(keygen.exitValue()).as(output).isZero();
        assertThat(SshKeys.sameKey(output, key.publicKey())).as(output + " vs " + key.publicKey()).isTrue();
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("id_rsa");
        Files.writeString(file, "someone's key");

        assertThatThrownBy(() -> SshKeys.writePrivateKey(file, TestKeys.key(0).privateKeyPem()))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("exists already");
        assertThat(Files.readString(file)).isEqualTo("someone's key");
    }

    @Test
    void aPkcs8PrivateKeyIsReadToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var pair = generator.generateKeyPair();
        Path file = dir.resolve("pkcs8.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        var publicKey = (java.security.interfaces.RSAPublicKey) pair.getPublic();

        assertThat(SshKeys.sameKey(SshKeys.publicKeyOfPrivateKey(file, ""),
                SshKeys.openSshPublicKey(publicKey.getPublicExponent(), publicKey.getModulus(), "other comment"))).isTrue();
    }

    @Test
    void keysOpenSshFormatCannotBeReadAreRefusedWithAHint() throws Exception {
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SshKeys.publicKeyOfPrivateKey(file, "")).hasMessageContaining("openstack.public-key-file");
    }

    @Test
    void publicKeysAreComparedWithoutTheirComments() throws Exception {
        String key = TestKeys.key(0).publicKey();
        String body = key.substring(0, key.lastIndexOf(' '));

        assertThat(SshKeys.sameKey(body + " teacher@laptop", key)).isTrue();
        assertThat(SshKeys.sameKey(TestKeys.key(1).publicKey(), key)).isFalse();
        assertThat(SshKeys.sameKey("not a key", "not a key")).isFalse();

        Path file = dir.resolve("id.pub");
        Files.writeString(file, "\n" + body + " teacher@laptop\n");
        assertThat(SshKeys.readPublicKey(file)).isEqualTo(body + " teacher@laptop");
        Files.writeString(file, "-----BEGIN RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SshKeys.readPublicKey(file)).hasMessageContaining("is not an OpenSSH public key");
    }
}
