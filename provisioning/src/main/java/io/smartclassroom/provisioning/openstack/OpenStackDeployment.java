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
import java.util.function.Function;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;

/**
 * The OpenStack side of the deployment: the monitor's server with its image, security group, keypair and
 * floating IP, as {@link Resource}s for the {@link io.smartclassroom.provisioning.Provisioner}, in the order
 * {@code up} creates them (and {@code down}, reversed, deletes them):
 * image, security group, keypair, server, floating IP (only with an external network).
 */
public final class OpenStackDeployment {
    private final OpenStackSettings settings;
    private final OpenStackApi api;
    private final Supplier<MonitorBootstrap> bootstrap;
    private final MonitorKeyCheck keyCheck;
    private final Function<String, SshKeys.GeneratedKey> keyGenerator;

    /**
     * @param session an authenticated client, asked for on first use (e.g. an {@link OpenStackSession})
     * @param bootstrap what the monitor needs from the AWS side; asked for only when the server is created
     */
    public OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap) {
        this(settings, session, bootstrap, MonitorKeyCheck.never());
    }

    /** @param keyCheck says when the server's AWS access key is gone or being rotated, so that it is rebuilt */
    public OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            MonitorKeyCheck keyCheck) {
        this(settings, session, bootstrap, keyCheck, SshKeys::generateRsa);
    }

    /** @param keyGenerator makes the SSH key of the keypair when none is configured or on disk */
    OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            Function<String, SshKeys.GeneratedKey> keyGenerator) {
        this(settings, session, bootstrap, MonitorKeyCheck.never(), keyGenerator);
    }

    OpenStackDeployment(OpenStackSettings settings, Supplier<OSClientV3> session, Supplier<MonitorBootstrap> bootstrap,
            MonitorKeyCheck keyCheck, Function<String, SshKeys.GeneratedKey> keyGenerator) {
        this.settings = requireNonNull(settings, "settings");
        this.api = new OpenStackApi(requireNonNull(session, "session"));
        this.bootstrap = requireNonNull(bootstrap, "bootstrap");
        this.keyCheck = requireNonNull(keyCheck, "keyCheck");
        this.keyGenerator = requireNonNull(keyGenerator, "keyGenerator");
    }

    public List<Resource> resources() {
        Poller poller = new Poller(settings.pollInterval());
        List<Resource> resources = new ArrayList<>();
        resources.add(new GlanceImageResource(api, settings, poller));
        resources.add(new SecurityGroupResource(api, settings));
        resources.add(new KeypairResource(api, settings, keyGenerator));
        resources.add(new ServerResource(api, settings, poller, bootstrap, this::renderUserData, keyCheck));
        if (settings.externalNetworkName().isPresent()) {
            resources.add(new FloatingIpResource(api, settings));
        }
        return List.copyOf(resources);
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
