package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;

/**
 * The server's Neutron security group: SSH (TCP 22) and ICMP in from {@link OpenStackSettings#sshCidr()}.
 * Neutron adds the default egress rules itself. Its description starts with the managed marker; a group of that
 * name without it belongs to someone else and is left alone.
 */
final class SecurityGroupResource implements Resource {
    private final OpenStackApi api;
    private final OpenStackSettings settings;

    SecurityGroupResource(OpenStackApi api, OpenStackSettings settings) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
    }

    /** One wanted ingress rule. */
    record Rule(String protocol, Integer port, String ethertype, String cidr) {
        String describe() {
            return (port == null ? protocol.toUpperCase(Locale.ROOT) : protocol.toUpperCase(Locale.ROOT) + " " + port)
                    + " from " + cidr;
        }

        boolean matches(SecurityGroupRule rule) {
            return "ingress".equalsIgnoreCase(rule.getDirection())
                    && protocol.equalsIgnoreCase(String.valueOf(rule.getProtocol()))
                    && ethertype.equalsIgnoreCase(String.valueOf(rule.getEtherType()))
                    && cidr.equals(rule.getRemoteIpPrefix())
                    && Objects.equals(port, rule.getPortRangeMin())
                    && Objects.equals(port, rule.getPortRangeMax());
        }
    }

    List<Rule> wantedRules() {
        String cidr = settings.sshCidr();
        boolean ipv6 = cidr.contains(":");
        String ethertype = ipv6 ? "IPv6" : "IPv4";
        return List.of(new Rule("tcp", 22, ethertype, cidr), new Rule(ipv6 ? "ipv6-icmp" : "icmp", null, ethertype, cidr));
    }

    @Override
    public String kind() {
        return "security-group";
    }

    @Override
    public String name() {
        return settings.securityGroupName();
    }

    @Override
    public ResourceState inspect() {
        Optional<SecurityGroup> found = ours();
        if (found.isEmpty()) {
            return new ResourceState.Absent("allow " + describe(wantedRules()));
        }
        List<Rule> missing = missingRules(found.get());
        if (!missing.isEmpty()) {
            List<String> differences = new ArrayList<>();
            for (Rule rule : missing) {
                differences.add("missing rule " + rule.describe());
            }
            return new ResourceState.Differs(differences);
        }
        return new ResourceState.Present("id " + found.get().getId() + ", allows " + describe(wantedRules()));
    }

    @Override
    public String create() {
        SecurityGroup group = api.call("create security group " + name(), client -> client.networking().securitygroup().create(
                Builders.securityGroup()
                        .name(name())
                        .description(settings.managedMarker() + ": SSH and ICMP to the smart-classroom monitor")
                        .build()));
        addRules(group.getId(), wantedRules());
        return "id " + group.getId() + ", allows " + describe(wantedRules());
    }

    @Override
    public String update(ResourceState.Differs current) {
        SecurityGroup group = ours().orElseThrow(() -> new ProvisioningException("security group " + name() + " disappeared"));
        List<Rule> missing = missingRules(group);
        addRules(group.getId(), missing);
        return "added " + describe(missing);
    }

    @Override
    public String delete() {
        SecurityGroup group = ours().orElseThrow(() -> new ProvisioningException("security group " + name() + " disappeared"));
        ActionResponse response = api.call("delete security group " + name(),
                client -> client.networking().securitygroup().delete(group.getId()));
        OpenStackErrors.check("delete security group " + name() + " (still used by a server?)", response, true);
        return "id " + group.getId();
    }

    private Optional<SecurityGroup> ours() {
        Optional<SecurityGroup> group = api.securityGroup(name());
        if (group.isPresent() && (group.get().getDescription() == null
                || !group.get().getDescription().startsWith(settings.managedMarker()))) {
            throw new ProvisioningException("security group " + name() + " (" + group.get().getId()
                    + ") was not created by this tool (its description lacks " + settings.managedMarker()
                    + "); rename it or choose another openstack.prefix");
        }
        return group;
    }

    private List<Rule> missingRules(SecurityGroup group) {
        List<? extends SecurityGroupRule> rules = group.getRules() == null ? List.of() : group.getRules();
        List<Rule> missing = new ArrayList<>();
        for (Rule wanted : wantedRules()) {
            if (rules.stream().noneMatch(wanted::matches)) {
                missing.add(wanted);
            }
        }
        return missing;
    }

    private void addRules(String groupId, List<Rule> rules) {
        for (Rule rule : rules) {
            api.call("add rule " + rule.describe() + " to security group " + name(), client -> {
                var builder = Builders.securityGroupRule()
                        .securityGroupId(groupId)
                        .direction("ingress")
                        .ethertype(rule.ethertype())
                        .protocol(rule.protocol())
                        .remoteIpPrefix(rule.cidr());
                if (rule.port() != null) {
                    builder.portRangeMin(rule.port()).portRangeMax(rule.port());
                }
                return client.networking().securityrule().create(builder.build());
            });
        }
    }

    private static String describe(List<Rule> rules) {
        return String.join(", ", rules.stream().map(Rule::describe).toList());
    }
}
