package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH sessions with Apache MINA SSHD: public-key authentication only, with the one private key given, and
 * the server's key checked against {@link SshTarget#hostKeys()} during the key exchange, before anything of ours
 * (user name, key, command) is sent. Neither {@code ~/.ssh/config}, {@code known_hosts} nor the default identities
 * are read.
 */
public final class MinaSshConnector {
    private static final Logger log = LoggerFactory.getLogger(MinaSshConnector.class);

    private final Duration timeout;

    /** @param timeout for connecting, authenticating and each command */
    public MinaSshConnector(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * Connects and authenticates.
     *
     * @throws ProvisioningException when the server's host key is not one of the target's, or login fails
     */
    public RemoteShell connect(SshTarget target) {
        requireNonNull(target, "target");
        KeyPair identity = identity(target);
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        client.setServerKeyVerifier((session, address, key) -> {
            offered.set(key);
            boolean known = target.hostKeys().stream().anyMatch(hostKey -> hostKey.matches(key));
            if (!known) {
                log.warn("host key of {} is not one the server's console log shows: refused", target);
            }
            return known;
        });
        client.start();
        try {
            ClientSession session = client.connect(target.user(), target.host(), target.port()).verify(timeout).getSession();
            try {
                session.addPublicKeyIdentity(identity);
                session.auth().verify(timeout);
            } catch (IOException | RuntimeException e) {
                session.close(true);
                throw e;
            }
            return new Session(client, session, target, timeout);
        } catch (IOException | RuntimeException e) {
            client.stop();
            if (offered.get() != null && target.hostKeys().stream().noneMatch(hostKey -> hostKey.matches(offered.get()))) {
                throw new ProvisioningException("SSH to " + target + " refused: the server's host key "
                        + HostKey.of(offered.get()).fingerprint()
                        + " is not one its console log shows (" + fingerprints(target) + "); nothing was sent", e);
            }
            throw new ProvisioningException("SSH to " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static String fingerprints(SshTarget target) {
        return String.join(", ", target.hostKeys().stream().map(HostKey::fingerprint).toList());
    }

    private static KeyPair identity(SshTarget target) {
        try (InputStream in = Files.newInputStream(target.privateKeyFile())) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(target.privateKeyFile().toString()), in, null);
            if (pairs != null) {
                for (KeyPair pair : pairs) {
                    return pair;
                }
            }
            throw new ProvisioningException("private key file " + target.privateKeyFile() + " holds no key");
        } catch (IOException | GeneralSecurityException e) {
            throw new ProvisioningException("cannot read the SSH private key " + target.privateKeyFile()
                    + " (openstack.private-key-file): " + e.getMessage(), e);
        }
    }

    /** One authenticated session; each {@link #run} is one exec channel. */
    private static final class Session implements RemoteShell {
        private final SshClient client;
        private final ClientSession session;
        private final SshTarget target;
        private final Duration timeout;

        Session(SshClient client, ClientSession session, SshTarget target, Duration timeout) {
            this.client = client;
            this.session = session;
            this.target = target;
            this.timeout = timeout;
        }

        @Override
        public Result run(String command, byte[] stdin) {
            requireNonNull(command, "command");
            requireNonNull(stdin, "stdin");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setIn(new ByteArrayInputStream(stdin));
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(timeout);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    throw new ProvisioningException("command on " + target + " did not finish within " + timeout.toSeconds()
                            + " s: " + firstWord(command));
                }
                Integer status = channel.getExitStatus();
                return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ProvisioningException("command on " + target + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (IOException e) {
                log.debug("closing the SSH session to {} failed", target, e);
            } finally {
                client.stop();
            }
        }

        private static String firstWord(String command) {
            int space = command.indexOf(' ');
            return space < 0 ? command : command.substring(0, space) + " ...";
        }
    }
}
