package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One statement of a policy document. Resource policies (a queue policy) name a principal; identity
 * policies (attached to an IAM role) do not. A role's trust policy names a principal and no resource (the
 * resource is the role itself).
 *
 * @param principals principal type (e.g. {@code Service}, {@code AWS}) to principals; empty for identity policies
 * @param resources the resources; empty only in a statement with principals (a trust policy)
 */
public record PolicyStatement(
        Optional<String> sid,
        Effect effect,
        Map<String, List<String>> principals,
        List<String> actions,
        List<String> resources,
        List<PolicyCondition> conditions) {

    public PolicyStatement {
        requireNonNull(sid, "sid");
        requireNonNull(effect, "effect");
        principals = Map.copyOf(requireNonNull(principals, "principals"));
        actions = List.copyOf(requireNonNull(actions, "actions"));
        resources = List.copyOf(requireNonNull(resources, "resources"));
        conditions = List.copyOf(requireNonNull(conditions, "conditions"));
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one action");
        }
        if (resources.isEmpty() && principals.isEmpty()) {
            throw new IllegalArgumentException("a statement without principals needs at least one resource");
        }
    }

    /** An identity-policy statement: {@code sid} allows {@code actions} on {@code resources}, unconditionally. */
    public static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return new PolicyStatement(Optional.of(requireNonNull(sid, "sid")), Effect.ALLOW, Map.of(), actions, resources, List.of());
    }
}
