package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's AWS access key on its server, delivered after boot over SSH (never in the user-data):
 * <ol>
 *   <li>refuses when the OpenStack API is reached over {@code http://} or without TLS verification (it vouches for
 *       the host key), unless {@code --insecure-allow-plaintext-secrets};</li>
 *   <li>needs {@code openstack.ssh-cidr} (SSH is closed by default);</li>
 *   <li>limits the monitor user's policy to the server's floating IP ({@code aws:SourceIp}, /32);</li>
 *   <li>reads the server's host keys from its console log (cloud-init prints them) and connects only to a server
 *       holding one of them, with the keypair's private key;</li>
 *   <li>rotates through {@link KeyRotation}: new key, delivered, monitor checked, then the old key deleted; the
 *       server's metadata item {@value OpenStackSettings#ACCESS_KEY_METADATA} records the key id (not the secret).</li>
 * </ol>
 */
final class MonitorCredentialsResource implements Resource {
    static final Duration SSH_TIMEOUT = Duration.ofSeconds(30);
    static final Duration SSH_RETRY = Duration.ofMinutes(3);
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int SSH_PORT = 22;
    private static final Logger log = LoggerFactory.getLogger(MonitorCredentialsResource.class);

    private final OpenStackApi api;
    private final OpenStackSettings settings;
    private final Poller poller;
    private final MonitorKeyAccess access;
    private final Supplier<Optional<String>> transportProblem;
    private final MinaSshConnector ssh;
    private final MonitorCredentialsInstaller installer;

    /** @param transportProblem why the OpenStack API connection is not authenticated TLS, if it is not */
    MonitorCredentialsResource(OpenStackApi api, OpenStackSettings settings, Poller poller, MonitorKeyAccess access,
            Supplier<Optional<String>> transportProblem, MinaSshConnector ssh, MonitorCredentialsInstaller installer) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
        this.poller = requireNonNull(poller, "poller");
        this.access = requireNonNull(access, "access");
        this.transportProblem = requireNonNull(transportProblem, "transportProblem");
        this.ssh = requireNonNull(ssh, "ssh");
        this.installer = requireNonNull(installer, "installer");
    }

    @Override
    public String kind() {
        return "monitor-credentials";
    }

    @Override
    public String name() {
        return settings.serverName();
    }

    @Override
    public ResourceState inspect() {
        Optional<Server> server = api.server(name());
        if (server.isEmpty()) {
            return new ResourceState.Absent("after the server boots: its AWS key over SSH as " + settings.sshUser()
                    + ", host key checked against the console log");
        }
        Optional<String> recorded = recordedKey(server.get());
        if (recorded.isEmpty()) {
            return new ResourceState.Absent("no AWS key delivered yet: over SSH as " + settings.sshUser()
                    + ", host key checked against the console log");
        }
        Optional<String> stale = access.keyCheck().staleReason(recorded);
        if (stale.isPresent()) {
            return new ResourceState.Differs(List.of(stale.get() + " (up delivers a new key, then deletes the old)"));
        }
        return new ResourceState.Present("access key " + recorded.get() + ", delivered over SSH");
    }

    @Override
    public String create() {
        return deliver();
    }

    @Override
    public String update(ResourceState.Differs current) {
        return deliver();
    }

    @Override
    public String delete() {
        return "the key file goes with the server, the keys with the IAM user";
    }

    private String deliver() {
        Optional<String> insecure = transportProblem.get();
        if (insecure.isPresent() && !access.allowPlaintextSecrets()) {
            throw new ProvisioningException("refusing to send the monitor's AWS key: " + insecure.get() + ", and the"
                    + " server's host key is checked against what that API returns; use https with TLS verification,"
                    + " or pass --insecure-allow-plaintext-secrets to send it anyway");
        }
        insecure.ifPresent(problem -> log.warn("sending the monitor's AWS key although {} (--insecure-allow-plaintext-secrets)", problem));
        if (settings.sshCidr().isEmpty()) {
            throw new ProvisioningException("delivering the monitor's AWS key needs SSH to server " + name()
                    + ", which is closed: set openstack.ssh-cidr to the address provisioning runs from (e.g. 198.51.100.4/32)");
        }
        Server server = api.server(name()).orElseThrow(() -> new ProvisioningException("server " + name() + " does not exist"));
        Optional<String> floating = floatingIp(server);
        String address = floating.or(() -> fixedIp(server)).orElseThrow(() -> new ProvisioningException(
                "server " + name() + " (" + server.getId() + ") has no address to reach it by SSH"));
        List<String> sourceCidrs = floating.map(ip -> List.of(ip + "/32")).orElse(List.of());
        access.restrictPolicy().accept(sourceCidrs);
        List<HostKey> hostKeys = poller.until(settings.activeTimeout(),
                () -> Optional.of(HostKey.fromConsole(api.consoleOutput(server.getId()))).filter(keys -> !keys.isEmpty()),
                () -> new ProvisioningException("the console log of server " + name() + " shows no SSH host keys after "
                        + settings.activeTimeout().toSeconds() + " s (cloud-init prints them between " + HostKey.BEGIN
                        + " and " + HostKey.END + "); without them its host key cannot be checked, so nothing was sent"));
        SshTarget target = new SshTarget(address, SSH_PORT, settings.sshUser(), settings.privateKeyFile(), hostKeys);
        KeyRotation.Result result = new KeyRotation(access.keys(), key -> {
            String installed;
            try (RemoteShell shell = connect(target)) {
                installed = installer.install(shell, key);
            }
            api.setServerMetadata(server.getId(), OpenStackSettings.ACCESS_KEY_METADATA, key.accessKeyId());
            return installed;
        }).run(recordedKey(server));
        return "access key " + result.accessKeyId() + " to " + target + ", " + result.delivery()
                + (result.deleted().isEmpty() ? "" : ", deleted " + String.join(", ", result.deleted()))
                + (sourceCidrs.isEmpty()
                        ? "; WARNING: no floating IP, so the monitor's policy is not limited to its address (aws:SourceIp)"
                        : "; the monitor's policy holds only from " + sourceCidrs.get(0));
    }

    /** Connects, retrying while the server's SSH is not up yet; a wrong host key is never retried. */
    private RemoteShell connect(SshTarget target) {
        ProvisioningException[] last = {null};
        return poller.until(SSH_RETRY, () -> {
            try {
                return Optional.of(ssh.connect(target));
            } catch (ProvisioningException e) {
                if (e.getMessage().contains("nothing was sent")) {
                    throw e;
                }
                last[0] = e;
                return Optional.empty();
            }
        }, () -> last[0] != null ? last[0] : new ProvisioningException("SSH to " + target + " did not succeed"));
    }

    private static Optional<String> recordedKey(Server server) {
        Map<String, String> metadata = server.getMetadata();
        return Optional.ofNullable(metadata == null ? null : metadata.get(OpenStackSettings.ACCESS_KEY_METADATA));
    }

    private Optional<String> floatingIp(Server server) {
        return settings.externalNetworkName().isEmpty() ? Optional.empty() : api.floatingIpOf(server);
    }

    private static Optional<String> fixedIp(Server server) {
        if (server.getAddresses() == null || server.getAddresses().getAddresses() == null) {
            return Optional.empty();
        }
        return server.getAddresses().getAddresses().values().stream()
                .flatMap(List::stream)
                .filter(address -> !"floating".equals(address.getType()) && address.getVersion() == 4)
                .map(Address::getAddr)
                .findFirst();
    }
}
