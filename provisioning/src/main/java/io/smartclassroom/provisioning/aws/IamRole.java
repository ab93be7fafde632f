package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The IAM role the function runs as: a trust policy that lets only the Lambda service assume it, and one inline
 * policy with exactly the function's permissions (see {@link io.smartclassroom.provisioning.policy.IamPolicies}).
 * It carries the tag {@value ManagedTag#KEY}; a role of the same name without it is left alone. {@code down}
 * deletes its inline policies and detaches its managed policies before deleting it.
 */
public final class IamRole implements Resource {
    private static final Logger log = LoggerFactory.getLogger(IamRole.class);

    private final IamClient iam;
    private final String role;
    private final String description;
    private final PolicyDocument trust;
    private final String policyName;
    private final Supplier<PolicyDocument> policy;
    private final String policySummary;

    /**
     * @param policy the inline policy, built on first use (it names the account's ARNs)
     * @param policySummary what the inline policy allows, in a few words
     */
    public IamRole(IamClient iam, String role, String description, PolicyDocument trust, String policyName,
            Supplier<PolicyDocument> policy, String policySummary) {
        this.iam = requireNonNull(iam, "iam");
        this.role = requireNonNull(role, "role");
        this.description = requireNonNull(description, "description");
        this.trust = requireNonNull(trust, "trust");
        this.policyName = requireNonNull(policyName, "policyName");
        this.policy = requireNonNull(policy, "policy");
        this.policySummary = requireNonNull(policySummary, "policySummary");
    }

    @Override
    public String kind() {
        return "role";
    }

    @Override
    public String name() {
        return role;
    }

    @Override
    public ResourceState inspect() {
        Optional<Role> current = get();
        if (current.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        if (!ManagedTag.isOn(tags(current.get()))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("IAM role " + current.get().arn()));
        }
        List<String> differences = differences(current.get());
        return differences.isEmpty()
                ? new ResourceState.Present(current.get().arn() + ", " + detail())
                : new ResourceState.Differs(differences);
    }

    @Override
    public String create() {
        Role created = iam.createRole(request -> request
                .roleName(role)
                .description(description)
                .assumeRolePolicyDocument(trust.toJsonString())
                .tags(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build()))
                .role();
        putPolicy();
        return created.arn() + ", " + detail();
    }

    @Override
    public String update(ResourceState.Differs current) {
        Role role = get().orElseThrow(() -> new ProvisioningException("role " + this.role + " disappeared"));
        if (!IamDocuments.same(trust, role.assumeRolePolicyDocument())) {
            iam.updateAssumeRolePolicy(request -> request.roleName(this.role).policyDocument(trust.toJsonString()));
        }
        if (!IamDocuments.same(policy.get(), inlinePolicy().orElse(null))) {
            putPolicy();
        }
        return "";
    }

    @Override
    public String delete() {
        List<String> inline = iam.listRolePoliciesPaginator(request -> request.roleName(role)).policyNames().stream().toList();
        for (String name : inline) {
            iam.deleteRolePolicy(request -> request.roleName(role).policyName(name));
            log.info("deleted inline policy {} of role {}", name, role);
        }
        List<AttachedPolicy> attached = iam.listAttachedRolePoliciesPaginator(request -> request.roleName(role))
                .attachedPolicies().stream().toList();
        for (AttachedPolicy managed : attached) {
            iam.detachRolePolicy(request -> request.roleName(role).policyArn(managed.policyArn()));
            log.info("detached policy {} from role {}", managed.policyArn(), role);
        }
        iam.deleteRole(request -> request.roleName(role));
        return IamNames.count(inline.size(), "inline policy", "inline policies") + " deleted"
                + (attached.isEmpty() ? "" : ", " + IamNames.count(attached.size(), "managed policy", "managed policies") + " detached")
                + " first";
    }

    private List<String> differences(Role current) {
        List<String> differences = new ArrayList<>();
        if (!IamDocuments.same(trust, current.assumeRolePolicyDocument())) {
            differences.add("trust policy is not " + IamNames.trustSummary(trust));
        }
        Optional<String> inline = inlinePolicy();
        if (inline.isEmpty()) {
            differences.add("inline policy " + policyName + " missing");
        } else if (!IamDocuments.same(policy.get(), inline.get())) {
            differences.add("inline policy " + policyName + " differs (" + policySummary + ")");
        }
        return differences;
    }

    private void putPolicy() {
        iam.putRolePolicy(request -> request.roleName(role).policyName(policyName).policyDocument(policy.get().toJsonString()));
    }

    private Optional<Role> get() {
        try {
            return Optional.of(iam.getRole(request -> request.roleName(role)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private Optional<String> inlinePolicy() {
        try {
            return Optional.of(iam.getRolePolicy(request -> request.roleName(role).policyName(policyName)).policyDocument());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tags(Role current) {
        Map<String, String> tags = new HashMap<>();
        current.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private String detail() {
        return "assumed by " + IamNames.trustSummary(trust) + ", inline policy " + policyName + ": " + policySummary;
    }
}
