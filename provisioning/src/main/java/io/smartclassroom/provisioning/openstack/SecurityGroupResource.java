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
 * The server's Neutron security group: nothing in by default (the monitor only polls out), or SSH (TCP 22) and ICMP
 * in from {@link OpenStackSettings#sshCidr()} when that is set. Any other ingress rule in the group is removed by
 * {@code up}. Neutron adds the default egress rules itself. Its description starts with the managed marker; a group of that
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
        if (settings.sshCidr().isEmpty()) {
            return List.of();
        }
        String cidr = settings.sshCidr().get();
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
            return new ResourceState.Absent(allows(wantedRules()) + warning());
        }
        List<Rule> missing = missingRules(found.get());
        List<SecurityGroupRule> extra = extraRules(found.get());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            List<String> differences = new ArrayList<>();
            for (Rule rule : missing) {
                differences.add("missing rule " + rule.describe());
            }
            for (SecurityGroupRule rule : extra) {
                differences.add("extra rule " + describe(rule));
            }
            return new ResourceState.Differs(differences);
        }
        return new ResourceState.Present("id " + found.get().getId() + ", " + allows(wantedRules()) + warning());
    }

    @Override
    public String create() {
        SecurityGroup group = api.call("create security group " + name(), client -> client.networking().securitygroup().create(
                Builders.securityGroup()
                        .name(name())
                        .description(settings.managedMarker() + ": the smart-classroom monitor (ingress: SSH and ICMP"
                                + " from openstack.ssh-cidr, if set)")
                        .build()));
        addRules(group.getId(), wantedRules());
        return "id " + group.getId() + ", " + allows(wantedRules()) + warning();
    }

    @Override
    public String update(ResourceState.Differs current) {
        SecurityGroup group = ours().orElseThrow(() -> new ProvisioningException("security group " + name() + " disappeared"));
        List<Rule> missing = missingRules(group);
        List<SecurityGroupRule> extra = extraRules(group);
        for (SecurityGroupRule rule : extra) {
            api.call("remove rule " + describe(rule) + " from security group " + name(), client -> {
                client.networking().securityrule().delete(rule.getId());
                return rule.getId();
            });
        }
        addRules(group.getId(), missing);
        List<String> done = new ArrayList<>();
        if (!missing.isEmpty()) {
            done.add("added " + describe(missing));
        }
        if (!extra.isEmpty()) {
            done.add("removed " + String.join(", ", extra.stream().map(SecurityGroupResource::describe).toList()));
        }
        return String.join("; ", done);
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

    /** The group's ingress rules that are not wanted (e.g. SSH from an earlier openstack.ssh-cidr). */
    private List<SecurityGroupRule> extraRules(SecurityGroup group) {
        List<? extends SecurityGroupRule> rules = group.getRules() == null ? List.of() : group.getRules();
        List<SecurityGroupRule> extra = new ArrayList<>();
        for (SecurityGroupRule rule : rules) {
            if ("ingress".equalsIgnoreCase(rule.getDirection()) && wantedRules().stream().noneMatch(wanted -> wanted.matches(rule))) {
                extra.add(rule);
            }
        }
        return extra;
    }

    private static String describe(SecurityGroupRule rule) {
        String protocol = rule.getProtocol() == null ? "any protocol" : rule.getProtocol().toUpperCase(Locale.ROOT);
        String ports = rule.getPortRangeMin() == null ? ""
                : Objects.equals(rule.getPortRangeMin(), rule.getPortRangeMax()) ? " " + rule.getPortRangeMin()
                : " " + rule.getPortRangeMin() + "-" + rule.getPortRangeMax();
        String from = rule.getRemoteIpPrefix() != null ? rule.getRemoteIpPrefix()
                : rule.getRemoteGroupId() != null ? "group " + rule.getRemoteGroupId() : "anywhere";
        return protocol + ports + " from " + from;
    }

    private String allows(List<Rule> rules) {
        return rules.isEmpty() ? "no inbound access (openstack.ssh-cidr is empty)" : "allows " + describe(rules);
    }

    private String warning() {
        return settings.sshWarning().map(text -> "; WARNING: " + text).orElse("");
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
