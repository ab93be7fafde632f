package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.openstack.internal.OSClientSession;

/**
 * The OpenStack side of the deployment: the monitor's server with its image, security group, keypair and
 * floating IP, as {@link Resource}s for the {@link io.smartclassroom.provisioning.Provisioner}, in the order
 * {@code up} creates them (and {@code down}, reversed, deletes them):
 * image, security group, keypair, server, floating IP (only with an external network) and, when the AWS side hands
 * over the monitor's keys ({@link MonitorKeyAccess}), the monitor's credentials, delivered over SSH
 * ({@link MonitorCredentialsResource}).
 */
public final class OpenStackDeployment {
    private final OpenStackSettings settings;
    private final OpenStackApi api;
    private final Supplier<MonitorBootstrap> bootstrap;
    private final Supplier<OSClientV3> session;
    private final Optional<MonitorKeyAccess> keyAccess;
    private final Function<String, SshKeys.GeneratedKey> keyGenerator;

    /**
     * @param session an authenticated client, asked for on first use (e.g. an {@link OpenStackSession})
     * @param bootstrap what the monitor needs from the AWS side; asked for only when the server is created
     */
    public OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap) {
        this(settings, session, bootstrap, Optional.empty(), SshKeys::generateRsa);
    }

    /** @param keyAccess the monitor's keys, delivered to the server after boot over SSH */
    public OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            MonitorKeyAccess keyAccess) {
        this(settings, session, bootstrap, Optional.of(requireNonNull(keyAccess, "keyAccess")), SshKeys::generateRsa);
    }

    /** @param keyGenerator makes the SSH key of the keypair when none is configured or on disk */
    OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            Function<String, SshKeys.GeneratedKey> keyGenerator) {
        this(settings, session, bootstrap, Optional.empty(), keyGenerator);
    }

    OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            Optional<MonitorKeyAccess> keyAccess, Function<String, SshKeys.GeneratedKey> keyGenerator) {
        this.settings = requireNonNull(settings, "settings");
        this.session = requireNonNull(session, "session");
        this.api = new OpenStackApi(session);
        this.bootstrap = requireNonNull(bootstrap, "bootstrap");
        this.keyAccess = requireNonNull(keyAccess, "keyAccess");
        this.keyGenerator = requireNonNull(keyGenerator, "keyGenerator");
    }

    public List<Resource> resources() {
        Poller poller = new Poller(settings.pollInterval());
        List<Resource> resources = new ArrayList<>();
        resources.add(new GlanceImageResource(api, settings, poller));
        resources.add(new SecurityGroupResource(api, settings));
        resources.add(new KeypairResource(api, settings, keyGenerator));
        // The server's key is delivered, and rotated, over SSH: a rotation never rebuilds the server.
        resources.add(new ServerResource(api, settings, poller, bootstrap, this::renderUserData, MonitorKeyCheck.never()));
        if (settings.externalNetworkName().isPresent()) {
            resources.add(new FloatingIpResource(api, settings));
        }
        keyAccess.ifPresent(access -> resources.add(new MonitorCredentialsResource(api, settings, poller, access,
                this::transportProblem, new MinaSshConnector(MonitorCredentialsResource.SSH_TIMEOUT),
                MonitorCredentialsInstaller.forServer(MonitorCredentialsResource.SETTLE, settings.activeTimeout(),
                        settings.pollInterval()))));
        return List.copyOf(resources);
    }

    /**
     * The addresses the monitor's requests come from: its server's floating IP as {@code a.b.c.d/32}; none while
     * there is no server or floating IP (or no external network).
     */
    public List<String> monitorSourceCidrs() {
        if (settings.externalNetworkName().isEmpty()) {
            return List.of();
        }
        return api.server(settings.serverName()).flatMap(api::floatingIpOf).map(ip -> List.of(ip + "/32")).orElse(List.of());
    }

    /** Why the OpenStack API this session talks to is not authenticated TLS, if it is not. */
    private Optional<String> transportProblem() {
        OSClientV3 client = session.get();
        boolean unchecked = client instanceof OSClientSession<?, ?> current && current.getConfig() != null
                && current.getConfig().isIgnoreSSLVerification();
        return transportProblem(client.getEndpoint(), unchecked);
    }

    /**
     * Why secrets must not rely on the OpenStack API at {@code endpoint}: it is plain {@code http://}, or its TLS
     * certificate is not checked ({@code verify: false}).
     */
    static Optional<String> transportProblem(String endpoint, boolean tlsUnchecked) {
        if (endpoint != null && endpoint.regionMatches(true, 0, "http://", 0, 7)) {
            return Optional.of("the OpenStack API " + endpoint + " is plain http://");
        }
        if (tlsUnchecked) {
            return Optional.of("TLS verification of the OpenStack API " + endpoint + " is off (clouds.yaml verify: false)");
        }
        return Optional.empty();
    }

    /**
     * The server's user-data for {@code bootstrap}, with the systemd unit read now from
     * {@link OpenStackSettings#systemdUnitFile()}. Print only {@link UserData#redacted()}.
     *
     * @throws ProvisioningException when the unit cannot be read or the user-data cannot be rendered
     */
    public UserData renderUserData(MonitorBootstrap bootstrap) {
        requireNonNull(bootstrap, "bootstrap");
        String unit;
        try {
            unit = Files.readString(settings.systemdUnitFile(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProvisioningException("the monitor's systemd unit " + settings.systemdUnitFile()
                    + " does not exist (set openstack.monitor.unit-file)", e);
        } catch (IOException e) {
            throw new ProvisioningException("cannot read the monitor's systemd unit " + settings.systemdUnitFile()
                    + ": " + e.getMessage(), e);
        }
        try {
            return new CloudInitUserData(settings.jrePackage(), settings.monitorConcurrency(), settings.monitorJar(), unit)
                    .render(bootstrap);
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException("cannot render the server's user-data: " + e.getMessage(), e);
        }
    }
}
