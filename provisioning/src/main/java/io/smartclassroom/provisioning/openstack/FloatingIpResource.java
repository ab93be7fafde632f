package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;

/**
 * The server's public address: a floating IP from the external network, associated with the server's port on
 * the configured network. One already associated with the server is used as it is. Those this tool allocates
 * carry a description with the managed marker; {@code down} releases exactly those.
 */
final class FloatingIpResource implements Resource {
    private final OpenStackApi api;
    private final OpenStackSettings settings;
    private final String externalNetwork;

    FloatingIpResource(OpenStackApi api, OpenStackSettings settings) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
        this.externalNetwork = settings.externalNetworkName().orElseThrow(() ->
                new IllegalArgumentException("a floating IP needs an external network"));
    }

    @Override
    public String kind() {
        return "floating-ip";
    }

    @Override
    public String name() {
        return settings.serverName();
    }

    /** The description of the floating IPs this tool allocates. */
    String description() {
        return settings.managedMarker() + ": floating IP of server " + settings.serverName();
    }

    @Override
    public ResourceState inspect() {
        Optional<Server> server = api.server(settings.serverName());
        List<NetFloatingIP> addresses = api.floatingIps();
        List<NetFloatingIP> allocatedHere = allocatedHere(addresses);
        if (server.isPresent()) {
            Set<String> ports = portIds(server.get());
            Optional<NetFloatingIP> associated = addresses.stream()
                    .filter(address -> address.getPortId() != null && ports.contains(address.getPortId()))
                    .findFirst();
            if (associated.isPresent()) {
                return new ResourceState.Present(associated.get().getFloatingIpAddress() + " on the server"
                        + (allocatedHere.contains(associated.get()) ? "" : " (not allocated by this tool: kept by down)"));
            }
            Optional<NetFloatingIP> spare = allocatedHere.stream().filter(address -> address.getPortId() == null).findFirst();
            if (spare.isPresent()) {
                return new ResourceState.Differs(List.of(spare.get().getFloatingIpAddress() + " is not associated with the server"));
            }
            return new ResourceState.Absent("allocate from " + externalNetwork + " and associate with the server");
        }
        if (!allocatedHere.isEmpty()) {
            return new ResourceState.Present(addresses(allocatedHere) + ", not associated (no server)");
        }
        return new ResourceState.Absent("allocate from " + externalNetwork + " once the server exists");
    }

    @Override
    public String create() {
        Port port = serverPort();
        Network network = api.requireNetwork(externalNetwork);
        NetFloatingIP address = api.call("allocate a floating IP from " + externalNetwork,
                client -> client.networking().floatingip().create(Builders.netFloatingIP()
                        .floatingNetworkId(network.getId())
                        .portId(port.getId())
                        .description(description())
                        .build()));
        return address.getFloatingIpAddress() + " from " + externalNetwork + ", on port " + port.getId();
    }

    @Override
    public String update(ResourceState.Differs current) {
        Port port = serverPort();
        NetFloatingIP spare = allocatedHere(api.floatingIps()).stream()
                .filter(address -> address.getPortId() == null)
                .findFirst()
                .orElseThrow(() -> new ProvisioningException("the unassociated floating IP disappeared"));
        api.call("associate floating IP " + spare.getFloatingIpAddress() + " with the server",
                client -> client.networking().floatingip().associateToPort(spare.getId(), port.getId()));
        return "associated " + spare.getFloatingIpAddress() + " with port " + port.getId();
    }

    @Override
    public String delete() {
        List<NetFloatingIP> addresses = api.floatingIps();
        List<NetFloatingIP> allocatedHere = allocatedHere(addresses);
        for (NetFloatingIP address : allocatedHere) {
            ActionResponse response = api.call("release floating IP " + address.getFloatingIpAddress(),
                    client -> client.networking().floatingip().delete(address.getId()));
            OpenStackErrors.check("release floating IP " + address.getFloatingIpAddress(), response, true);
        }
        List<String> parts = new ArrayList<>();
        if (!allocatedHere.isEmpty()) {
            parts.add("released " + addresses(allocatedHere));
        }
        Optional<Server> server = api.server(settings.serverName());
        if (server.isPresent()) {
            Set<String> ports = portIds(server.get());
            List<NetFloatingIP> kept = addresses.stream()
                    .filter(address -> !allocatedHere.contains(address))
                    .filter(address -> address.getPortId() != null && ports.contains(address.getPortId()))
                    .collect(Collectors.toList());
            if (!kept.isEmpty()) {
                parts.add("kept " + addresses(kept) + " (not allocated by this tool)");
            }
        }
        return String.join("; ", parts);
    }

    private List<NetFloatingIP> allocatedHere(List<NetFloatingIP> addresses) {
        return addresses.stream().filter(address -> description().equals(address.getDescription())).collect(Collectors.toList());
    }

    private Set<String> portIds(Server server) {
        return api.ports(server.getId()).stream().map(Port::getId).collect(Collectors.toSet());
    }

    /** The server's port on the configured network (else its only port). */
    private Port serverPort() {
        Server server = api.server(settings.serverName()).orElseThrow(() ->
                new ProvisioningException("server " + settings.serverName() + " does not exist"));
        List<Port> ports = api.ports(server.getId());
        if (ports.isEmpty()) {
            throw new ProvisioningException("server " + settings.serverName() + " has no network port yet");
        }
        Optional<Network> network = api.network(settings.networkName());
        return ports.stream()
                .filter(port -> network.isPresent() && network.get().getId().equals(port.getNetworkId()))
                .findFirst()
                .orElseGet(() -> {
                    if (ports.size() > 1) {
                        throw new ProvisioningException("server " + settings.serverName() + " has no port on network "
                                + settings.networkName() + " and several others");
                    }
                    return ports.get(0);
                });
    }

    private static String addresses(List<NetFloatingIP> addresses) {
        return addresses.stream().map(NetFloatingIP::getFloatingIpAddress).collect(Collectors.joining(", "));
    }
}
