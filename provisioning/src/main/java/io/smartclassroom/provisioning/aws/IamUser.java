package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.policy.PolicyDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The IAM user the monitor runs as, with one inline policy holding exactly its permissions (see
 * {@link io.smartclassroom.provisioning.policy.IamPolicies#monitor}). It carries the tag {@value ManagedTag#KEY};
 * a user of the same name without it is left alone. {@code down} deletes its access keys and inline policies and
 * detaches its managed policies before deleting it.
 */
public final class IamUser implements Resource {
    private static final Logger log = LoggerFactory.getLogger(IamUser.class);

    private final IamClient iam;
    private final String user;
    private final String policyName;
    private final Supplier<PolicyDocument> policy;
    private final String policySummary;

    /** @param policy the inline policy, built on first use (it names the account's ARNs) */
    public IamUser(IamClient iam, String user, String policyName, Supplier<PolicyDocument> policy, String policySummary) {
        this.iam = requireNonNull(iam, "iam");
        this.user = requireNonNull(user, "user");
        this.policyName = requireNonNull(policyName, "policyName");
        this.policy = requireNonNull(policy, "policy");
        this.policySummary = requireNonNull(policySummary, "policySummary");
    }

    @Override
    public String kind() {
        return "user";
    }

    @Override
    public String name() {
        return user;
    }

    @Override
    public ResourceState inspect() {
        Optional<User> current = get();
        if (current.isEmpty()) {
            return new ResourceState.Absent(detail());
        }
        if (!ManagedTag.isOn(tags(current.get()))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("IAM user " + current.get().arn()));
        }
        Optional<String> inline = inlinePolicy();
        if (inline.isEmpty()) {
            return new ResourceState.Differs(List.of("inline policy " + policyName + " missing"));
        }
        if (!IamDocuments.same(policy.get(), inline.get())) {
            return new ResourceState.Differs(List.of("inline policy " + policyName + " differs (" + policySummary + ")"));
        }
        return new ResourceState.Present(current.get().arn() + ", " + detail());
    }

    @Override
    public String create() {
        User created = iam.createUser(request -> request
                .userName(user)
                .tags(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build()))
                .user();
        putPolicy();
        return created.arn() + ", " + detail();
    }

    @Override
    public String update(ResourceState.Differs current) {
        putPolicy();
        return "";
    }

    @Override
    public String delete() {
        List<AccessKeyMetadata> keys = iam.listAccessKeysPaginator(request -> request.userName(user))
                .accessKeyMetadata().stream().toList();
        for (AccessKeyMetadata key : keys) {
            iam.deleteAccessKey(request -> request.userName(user).accessKeyId(key.accessKeyId()));
            log.info("deleted access key {} of user {}", key.accessKeyId(), user);
        }
        List<String> inline = iam.listUserPoliciesPaginator(request -> request.userName(user)).policyNames().stream().toList();
        for (String name : inline) {
            iam.deleteUserPolicy(request -> request.userName(user).policyName(name));
            log.info("deleted inline policy {} of user {}", name, user);
        }
        List<AttachedPolicy> attached = iam.listAttachedUserPoliciesPaginator(request -> request.userName(user))
                .attachedPolicies().stream().toList();
        for (AttachedPolicy managed : attached) {
            iam.detachUserPolicy(request -> request.userName(user).policyArn(managed.policyArn()));
            log.info("detached policy {} from user {}", managed.policyArn(), user);
        }
        iam.deleteUser(request -> request.userName(user));
        return IamNames.count(inline.size(), "inline policy", "inline policies") + " deleted"
                + (keys.isEmpty() ? "" : ", " + IamNames.count(keys.size(), "access key", "access keys") + " deleted")
                + (attached.isEmpty() ? "" : ", " + IamNames.count(attached.size(), "managed policy", "managed policies") + " detached")
                + " first";
    }

    /**
     * Puts the inline policy if the user's differs from it (e.g. once the monitor's address is known).
     *
     * @return whether it was put
     */
    public boolean ensurePolicy() {
        Optional<String> inline = inlinePolicy();
        if (inline.isPresent() && IamDocuments.same(policy.get(), inline.get())) {
            return false;
        }
        putPolicy();
        log.info("put inline policy {} of user {} ({})", policyName, user, policySummary);
        return true;
    }

    private void putPolicy() {
        iam.putUserPolicy(request -> request.userName(user).policyName(policyName).policyDocument(policy.get().toJsonString()));
    }

    private Optional<User> get() {
        try {
            return Optional.of(iam.getUser(request -> request.userName(user)).user());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private Optional<String> inlinePolicy() {
        try {
            return Optional.of(iam.getUserPolicy(request -> request.userName(user).policyName(policyName)).policyDocument());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> tags(User current) {
        Map<String, String> tags = new HashMap<>();
        current.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private String detail() {
        return "inline policy " + policyName + ": " + policySummary;
    }
}
