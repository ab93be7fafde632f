package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.options.PortListOptions;

/**
 * The look-ups the resources share, by exact name and within the token's project (an admin token would
 * otherwise list every project's security groups and floating IPs). Every call turns openstack4j's failures
 * into {@link ProvisioningException}s.
 */
final class OpenStackApi {
    private final Supplier<OSClientV3> session;

    OpenStackApi(Supplier<OSClientV3> session) {
        this.session = requireNonNull(session, "session");
    }

    /** Runs {@code operation} with the session's client; failures say "{@code what} failed: ...". */
    <T> T call(String what, Function<OSClientV3, T> operation) {
        OSClientV3 client = session.get();
        return OpenStackErrors.call(what, () -> operation.apply(client));
    }

    String projectId() {
        OSClientV3 client = session.get();
        if (client.getToken().getProject() == null) {
            throw new ProvisioningException("the OpenStack token is not scoped to a project");
        }
        return client.getToken().getProject().getId();
    }

    Optional<Server> server(String name) {
        // Nova matches the name filter as a regular expression; names here are [a-z0-9-], so anchoring is enough.
        List<? extends Server> servers = call("list servers named " + name,
                client -> client.compute().servers().list(Map.of("name", "^" + name + "$")));
        List<Server> exact = servers.stream().filter(server -> name.equals(server.getName())).collect(Collectors.toList());
        if (exact.size() > 1) {
            throw new ProvisioningException(exact.size() + " servers are named " + name + " ("
                    + exact.stream().map(Server::getId).collect(Collectors.joining(", ")) + "); delete the extra ones");
        }
        return exact.stream().findFirst();
    }

    /** The current state of the server with {@code id}, or empty once it is gone. */
    Optional<Server> serverById(String id) {
        return Optional.ofNullable(call("get server " + id, client -> client.compute().servers().get(id)));
    }

    List<Image> images(String name) {
        List<? extends Image> images = call("list images named " + name,
                client -> client.imagesV2().list(Map.of("name", name)));
        return images.stream().filter(image -> name.equals(image.getName())).collect(Collectors.toList());
    }

    /** The one image named {@code name}; fails when there are none or several. */
    Image image(String name) {
        List<Image> images = images(name);
        if (images.isEmpty()) {
            throw new ProvisioningException("no image named " + name + " in Glance");
        }
        if (images.size() > 1) {
            throw new ProvisioningException(images.size() + " images are named " + name + "; rename all but one");
        }
        return images.get(0);
    }

    Optional<Image> imageById(String id) {
        return Optional.ofNullable(call("get image " + id, client -> client.imagesV2().get(id)));
    }

    Optional<Flavor> flavor(String name) {
        List<? extends Flavor> flavors = call("list flavors", client -> client.compute().flavors().list());
        return flavors.stream().filter(flavor -> name.equals(flavor.getName())).map(Flavor.class::cast).findFirst();
    }

    Optional<Flavor> flavorById(String id) {
        return Optional.ofNullable(call("get flavor " + id, client -> client.compute().flavors().get(id)));
    }

    Optional<Network> network(String name) {
        List<? extends Network> networks = call("list networks named " + name,
                client -> client.networking().network().list(Map.of("name", name)));
        List<Network> exact = networks.stream().filter(network -> name.equals(network.getName())).collect(Collectors.toList());
        if (exact.size() > 1) {
            throw new ProvisioningException(exact.size() + " networks are named " + name + "; name one by a unique name");
        }
        return exact.stream().findFirst();
    }

    Network requireNetwork(String name) {
        return network(name).orElseThrow(() -> new ProvisioningException("no network named " + name + " in Neutron"));
    }

    Optional<SecurityGroup> securityGroup(String name) {
        String project = projectId();
        List<? extends SecurityGroup> groups = call("list security groups named " + name,
                client -> client.networking().securitygroup().list(Map.of("name", name, "project_id", project)));
        List<SecurityGroup> exact = groups.stream().filter(group -> name.equals(group.getName())).collect(Collectors.toList());
        if (exact.size() > 1) {
            throw new ProvisioningException(exact.size() + " security groups are named " + name + "; delete the extra ones");
        }
        return exact.stream().findFirst();
    }

    List<Port> ports(String serverId) {
        List<? extends Port> ports = call("list the ports of server " + serverId,
                client -> client.networking().port().list(PortListOptions.create().deviceId(serverId)));
        return ports.stream().filter(port -> serverId.equals(port.getDeviceId())).collect(Collectors.toList());
    }

    List<NetFloatingIP> floatingIps() {
        String project = projectId();
        List<? extends NetFloatingIP> addresses = call("list floating IPs",
                client -> client.networking().floatingip().list(Map.of("project_id", project)));
        return List.copyOf(addresses);
    }

    /** The server's console log (what cloud-init printed at boot, host keys included). */
    String consoleOutput(String serverId) {
        String output = call("get the console log of server " + serverId,
                client -> client.compute().servers().getConsoleOutput(serverId, 0));
        return output == null ? "" : output;
    }

    /** Sets (adds or replaces) one metadata item of a server; the others stay. */
    void setServerMetadata(String serverId, String key, String value) {
        call("set metadata " + key + " of server " + serverId,
                client -> client.compute().servers().updateMetadata(serverId, Map.of(key, value)));
    }

    /** The floating IP associated with one of the server's ports, if any. */
    Optional<String> floatingIpOf(Server server) {
        java.util.Set<String> ports = ports(server.getId()).stream().map(Port::getId).collect(Collectors.toSet());
        return floatingIps().stream()
                .filter(ip -> ip.getPortId() != null && ports.contains(ip.getPortId()))
                .map(NetFloatingIP::getFloatingIpAddress)
                .findFirst();
    }
}
