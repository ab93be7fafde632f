package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Nova server the monitor runs on, booted with the cloud-init user-data of {@link CloudInitUserData} and
 * marked with the metadata item {@code managed-by=<prefix>}; the metadata item {@code aws-access-key-id} records
 * the id (not the secret) of the monitor's access key. {@code up} waits until it is ACTIVE; a server in ERROR, or
 * one whose access key the {@link MonitorKeyCheck} says is gone or being rotated, is replaced. The user-data is
 * fixed at boot: after changing the monitor's other settings, {@code down} and {@code up} again (or delete the
 * server) to rebuild it.
 */
final class ServerResource implements Resource {
    private static final Logger log = LoggerFactory.getLogger(ServerResource.class);
    private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/=]{100,}");

    private final OpenStackApi api;
    private final OpenStackSettings settings;
    private final Poller poller;
    private final Supplier<MonitorBootstrap> bootstrap;
    private final Function<MonitorBootstrap, UserData> userData;
    private final MonitorKeyCheck keyCheck;

    /**
     * @param bootstrap asked for only when a server is created
     * @param userData renders the user-data of a bootstrap
     * @param keyCheck says when an existing server holds an access key the AWS side no longer has
     */
    ServerResource(OpenStackApi api, OpenStackSettings settings, Poller poller, Supplier<MonitorBootstrap> bootstrap,
            Function<MonitorBootstrap, UserData> userData, MonitorKeyCheck keyCheck) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
        this.poller = requireNonNull(poller, "poller");
        this.bootstrap = requireNonNull(bootstrap, "bootstrap");
        this.userData = requireNonNull(userData, "userData");
        this.keyCheck = requireNonNull(keyCheck, "keyCheck");
    }

    @Override
    public String kind() {
        return "server";
    }

    @Override
    public String name() {
        return settings.serverName();
    }

    @Override
    public ResourceState inspect() {
        Optional<Server> server = ours();
        if (server.isEmpty()) {
            return new ResourceState.Absent(bootPlan());
        }
        if (server.get().getStatus() == Server.Status.ERROR) {
            return new ResourceState.Differs(List.of("state ERROR" + fault(server.get()) + " (up replaces it)"));
        }
        Map<String, String> metadata = server.get().getMetadata();
        Optional<String> stale = keyCheck.staleReason(Optional.ofNullable(metadata.get(OpenStackSettings.ACCESS_KEY_METADATA)));
        if (stale.isPresent()) {
            return new ResourceState.Differs(List.of(stale.get() + " (up replaces the server)"));
        }
        return new ResourceState.Present(describe(server.get()));
    }

    @Override
    public String create() {
        Flavor flavor = api.flavor(settings.flavorName()).orElseThrow(() ->
                new ProvisioningException("no flavor named " + settings.flavorName() + " in Nova"));
        Image image = api.image(settings.imageName());
        if (image.getStatus() != Image.ImageStatus.ACTIVE) {
            throw new ProvisioningException("image " + settings.imageName() + " is " + image.getStatus() + ", not active");
        }
        Network network = api.requireNetwork(settings.networkName());
        MonitorBootstrap monitor = bootstrap.get();
        UserData rendered;
        try {
            rendered = userData.apply(monitor);
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException("cannot render the server's user-data: " + e.getMessage(), e);
        }
        rendered.warnings().forEach(warning -> log.warn("server {}: {}", name(), warning));
        ServerCreate request = Builders.server()
                .name(name())
                .flavor(flavor.getId())
                .image(image.getId())
                .networks(List.of(network.getId()))
                .addSecurityGroup(settings.securityGroupName())
                .keypairName(settings.keypairName())
                .userData(rendered.base64())
                .addMetadataItem(OpenStackSettings.MANAGED_BY_KEY, settings.prefix())
                .build();
        long started = System.nanoTime();
        Server booted;
        try {
            booted = api.call("create server " + name(), client -> client.compute().servers().boot(request));
        } catch (ProvisioningException e) {
            // Nova's validation errors may quote the user-data, which holds secrets: drop it, and the cause with it.
            throw new ProvisioningException(LONG_BASE64.matcher(e.getMessage()).replaceAll("<user-data elided>"));
        }
        log.info("server {} ({}) created, waiting until it is ACTIVE", name(), booted.getId());
        Server active = awaitActive(booted.getId());
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return "id " + active.getId() + ", ACTIVE after " + seconds + " s, " + settings.flavorName() + ", "
                + settings.imageName() + ", " + addresses(active);
    }

    @Override
    public String update(ResourceState.Differs current) {
        delete();
        return create();
    }

    @Override
    public String delete() {
        Server server = ours().orElseThrow(() -> new ProvisioningException("server " + name() + " disappeared"));
        ActionResponse response = api.call("delete server " + name(), client -> client.compute().servers().delete(server.getId()));
        OpenStackErrors.check("delete server " + name(), response, true);
        String[] last = {String.valueOf(server.getStatus())};
        poller.until(settings.deleteTimeout(), () -> {
            Optional<Server> current = api.serverById(server.getId());
            current.ifPresent(s -> last[0] = String.valueOf(s.getStatus()));
            return current.isEmpty() || current.get().getStatus() == Server.Status.DELETED
                    ? Optional.of(Boolean.TRUE) : Optional.empty();
        }, () -> new ProvisioningException("server " + name() + " (" + server.getId() + ") is still " + last[0]
                + " " + settings.deleteTimeout().toSeconds() + " s after its deletion"));
        return "id " + server.getId();
    }

    private Server awaitActive(String id) {
        String[] last = {"BUILD"};
        return poller.until(settings.activeTimeout(), () -> {
            Server server = api.serverById(id).orElseThrow(() ->
                    new ProvisioningException("server " + name() + " (" + id + ") disappeared while it was being built"));
            last[0] = String.valueOf(server.getStatus());
            if (server.getStatus() == Server.Status.ERROR) {
                throw new ProvisioningException("server " + name() + " (" + id + ") went to ERROR" + fault(server)
                        + "; status shows it, up replaces it, down deletes it");
            }
            return server.getStatus() == Server.Status.ACTIVE ? Optional.of(server) : Optional.empty();
        }, () -> new ProvisioningException("server " + name() + " (" + id + ") is still " + last[0] + " after "
                + settings.activeTimeout().toSeconds() + " s; status shows it later, down deletes it"));
    }

    /** The server of this name, which must carry this tool's mark. */
    private Optional<Server> ours() {
        Optional<Server> server = api.server(name());
        if (server.isPresent()) {
            Map<String, String> metadata = server.get().getMetadata();
            if (metadata == null || !settings.prefix().equals(metadata.get(OpenStackSettings.MANAGED_BY_KEY))) {
                throw new ProvisioningException("server " + name() + " (" + server.get().getId() + ") was not created by"
                        + " this tool (no metadata " + settings.managedMarker() + "); rename it or choose another openstack.prefix");
            }
        }
        return server;
    }

    /** What {@code up} would boot, naming what is missing so that {@code plan} shows it before {@code up} fails. */
    private String bootPlan() {
        List<String> problems = new ArrayList<>();
        if (api.flavor(settings.flavorName()).isEmpty()) {
            problems.add("no flavor " + settings.flavorName());
        }
        if (api.network(settings.networkName()).isEmpty()) {
            problems.add("no network " + settings.networkName());
        }
        return "boot " + settings.flavorName() + " from image " + settings.imageName() + " on network " + settings.networkName()
                + (problems.isEmpty() ? "" : "; " + String.join(", ", problems) + ": up fails here");
    }

    private String describe(Server server) {
        String flavor = Optional.ofNullable(server.getFlavor()).map(Flavor::getName).filter(n -> !n.isBlank())
                .or(() -> Optional.ofNullable(server.getFlavorId()).flatMap(api::flavorById).map(Flavor::getName))
                .orElse("flavor " + server.getFlavorId());
        String image = Optional.ofNullable(server.getImageId()).filter(id -> !id.isBlank())
                .map(id -> api.imageById(id).map(Image::getName).orElse("image " + id))
                .orElse("booted from a volume");
        return String.valueOf(server.getStatus()).toUpperCase(Locale.ROOT) + ", id " + server.getId() + ", " + flavor + ", "
                + image + ", " + addresses(server);
    }

    private static String addresses(Server server) {
        List<String> addresses = new ArrayList<>();
        if (server.getAddresses() != null && server.getAddresses().getAddresses() != null) {
            server.getAddresses().getAddresses().forEach((network, list) -> {
                for (Address address : list) {
                    addresses.add(network + " " + address.getAddr()
                            + ("floating".equals(address.getType()) ? " (floating)" : ""));
                }
            });
        }
        return addresses.isEmpty() ? "no addresses yet" : String.join(", ", addresses);
    }

    private static String fault(Server server) {
        if (server.getFault() == null || server.getFault().getMessage() == null) {
            return "";
        }
        return ": " + OpenStackErrors.oneLine(server.getFault().getMessage())
                + (server.getFault().getCode() > 0 ? " (" + server.getFault().getCode() + ")" : "");
    }
}
