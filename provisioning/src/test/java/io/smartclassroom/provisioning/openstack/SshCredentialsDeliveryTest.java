package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.provisioning.ProvisioningException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery of the monitor's key over real SSH (Apache MINA SSHD on 127.0.0.1): the host key is checked against the
 * console log's, the file is written with mode 0600 through sudo and the unit restarted. {@code sudo}, {@code systemctl}
 * and {@code journalctl} on the "server" are stand-ins in a bin directory put first on the PATH.
 */
class SshCredentialsDeliveryTest {
    private static final String USER = "ubuntu";
    private static final String UNIT = "smart-classroom-monitor.service";
    private static final AwsAccessKey KEY = AwsAccessKey.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    @TempDir
    Path dir;

    private Path privateKey;
    private Path credentials;
    private LocalSshServer server;

    @BeforeEach
    void startServer() throws Exception {
        privateKey = Files.writeString(dir.resolve("monitor.pem"), TestKeys.key(0).privateKeyPem());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("sudo"), "[ \"$1\" = -n ] && shift\nexec \"$@\"\n");
        script(bin.resolve("systemctl"), "echo \"$*\" >> '" + dir.resolve("systemctl.log") + "'\n"
                + "case \"$1\" in show) cat '" + dir.resolve("state") + "';; esac\n");
        script(bin.resolve("journalctl"), "echo 'monitor: cannot read queue smart-classroom-requests: AccessDenied'\n");
        state("MainPID=4242\nNRestarts=0\nActiveState=active\n");
        credentials = Files.createDirectories(dir.resolve("etc/smart-classroom")).resolve("credentials");
        server = new LocalSshServer(USER, keyPair(privateKey).getPublic(), bin);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void withTheConsolesHostKeyTheKeyIsWrittenRootOnlyAndTheMonitorRestarted() throws Exception {
        List<HostKey> hostKeys = HostKey.fromConsole(console(HostKey.of(server.hostKey())));
        assertThat(hostKeys).hasSize(3);

        String detail;
        try (RemoteShell shell = connector().connect(target(hostKeys))) {
            detail = installer(Duration.ofMillis(200)).install(shell, KEY);
        }

        assertThat(detail).isEqualTo(UNIT + " active (pid 4242)");
        assertThat(Files.readString(credentials)).isEqualTo("""
                # smart-classroom monitor: AWS access key AKIAIOSFODNN7EXAMPLE, delivered over SSH by provisioning
                AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
                AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                """);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(Files.exists(credentials.resolveSibling("credentials.new"))).isFalse();
        assertThat(Files.readAllLines(dir.resolve("systemctl.log"))).containsExactly(
                "restart " + UNIT,
                "show --property=ActiveState,MainPID,NRestarts " + UNIT,
                "show --property=ActiveState,MainPID,NRestarts " + UNIT);
        assertThat(server.logins()).containsOnly(USER);
        // The secret went on standard input, never on a command line.
        assertThat(server.commands()).isNotEmpty().noneMatch(command -> command.contains(KEY.secretAccessKey()));
    }

    @Test
    void aServerWithAnotherHostKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        // The console names three other keys: the server's own ECDSA key is not among them.
        String console = console(new HostKey("ecdsa-sha2-nistp256", otherEcdsaKey()));
        List<HostKey> hostKeys = HostKey.fromConsole(console);
        assertThat(hostKeys).hasSize(3).noneMatch(key -> key.matches(server.hostKey()));

        assertThatThrownBy(() -> connector().connect(target(hostKeys)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("SSH to " + USER + "@127.0.0.1:" + server.port() + " refused: the server's host key "
                        + HostKey.of(server.hostKey()).fingerprint() + " is not one its console log shows")
                .hasMessageEndingWith("; nothing was sent");

        assertThat(server.logins()).isEmpty();
        assertThat(server.commands()).isEmpty();
        assertThat(Files.exists(credentials)).isFalse();
    }

    @Test
    void aMonitorThatDoesNotBecomeActiveFailsTheDeliveryWithItsJournal() throws Exception {
        state("MainPID=0\nNRestarts=3\nActiveState=activating\n");
        List<HostKey> hostKeys = HostKey.fromConsole(console(HostKey.of(server.hostKey())));

        try (RemoteShell shell = connector().connect(target(hostKeys))) {
            assertThatThrownBy(() -> installer(Duration.ofMillis(50)).install(shell, KEY))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessage("the monitor (" + UNIT + ") did not become active within 1 s; its journal ends:"
                            + " monitor: cannot read queue smart-classroom-requests: AccessDenied");
        }
        assertThat(Files.readString(credentials)).contains("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void aMonitorThatRestartsDuringTheSettlePeriodIsNotHealthy() throws Exception {
        List<HostKey> hostKeys = HostKey.fromConsole(console(HostKey.of(server.hostKey())));
        Thread restarter = new Thread(() -> {
            try {
                Thread.sleep(400);
                state("MainPID=4300\nNRestarts=1\nActiveState=active\n");
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });

        try (RemoteShell shell = connector().connect(target(hostKeys))) {
            restarter.start();
            assertThatThrownBy(() -> installer(Duration.ofMillis(1500)).install(shell, KEY))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("did not stay up: active (pid 4242, 0 restarts) then, 1 s later, active (pid 4300, 1 restarts)");
        }
        restarter.join();
    }

    @Test
    void theConsoleLogsLastHostKeyBlockIsReadSkippingWhatInterleavesIt() throws Exception {
        String console = console(HostKey.of(server.hostKey()));

        List<HostKey> keys = HostKey.fromConsole(console);

        assertThat(keys).extracting(HostKey::type).containsExactly("ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa");
        assertThat(keys.get(0).matches(server.hostKey())).isTrue();
        assertThat(keys.get(1).fingerprint()).startsWith("ssh-ed25519 SHA256:");
        // A second boot's block wins; a block not yet finished counts as none.
        String reboot = console + "\n" + HostKey.BEGIN + "\n" + sshRsa(1) + " root@x\n" + HostKey.END + "\n";
        assertThat(HostKey.fromConsole(reboot)).extracting(HostKey::type).containsExactly("ssh-rsa");
        assertThat(HostKey.fromConsole(console.substring(0, console.indexOf(HostKey.END)))).isEmpty();
        assertThat(HostKey.fromConsole("[    0.000000] Linux version 5.15.0\nlogin:")).isEmpty();
        // A key whose blob names another type than its line is no key.
        assertThatThrownBy(() -> new HostKey("ssh-rsa", "AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSessionTokenGoesIntoTheEnvironmentFileToo() {
        String token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6";
        AwsAccessKey temporary = new AwsAccessKey("ASIAIOSFODNN7EXAMPLE", KEY.secretAccessKey(), java.util.Optional.of(token));

        assertThat(new String(MonitorCredentialsInstaller.environmentFile(temporary), StandardCharsets.UTF_8).lines())
                .containsExactly("# smart-classroom monitor: AWS access key ASIAIOSFODNN7EXAMPLE, delivered over SSH by provisioning",
                        "AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE",
                        "AWS_SECRET_ACCESS_KEY=" + KEY.secretAccessKey(),
                        "AWS_SESSION_TOKEN=" + token);
    }

    private MinaSshConnector connector() {
        return new MinaSshConnector(Duration.ofSeconds(20));
    }

    private SshTarget target(List<HostKey> hostKeys) {
        return new SshTarget("127.0.0.1", server.port(), USER, privateKey, hostKeys);
    }

    private MonitorCredentialsInstaller installer(Duration settle) {
        return new MonitorCredentialsInstaller(credentials.toString(), UNIT, settle, Duration.ofSeconds(1), Duration.ofMillis(20));
    }

    /** The sample console log with {@code ecdsa} as its ECDSA host key and an unrelated RSA key. */
    private static String console(HostKey ecdsa) throws IOException {
        try (InputStream in = SshCredentialsDeliveryTest.class.getResourceAsStream("console-cloud-init.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{ecdsa}}", ecdsa.type() + " " + ecdsa.base64())
                    .replace("{{rsa}}", sshRsa(1));
        }
    }

    private static String sshRsa(int index) {
        String[] parts = TestKeys.key(index).publicKey().split(" ");
        return parts[0] + " " + parts[1];
    }

    private static String otherEcdsaKey() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return HostKey.of(generator.generateKeyPair().getPublic()).base64();
    }

    private void state(String text) throws IOException {
        Path temporary = dir.resolve("state.tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, dir.resolve("state"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static KeyPair keyPair(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null).iterator().next();
        }
    }
}
