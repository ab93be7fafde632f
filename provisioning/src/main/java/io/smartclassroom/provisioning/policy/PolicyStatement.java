package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One statement of a policy document. Resource policies (a queue policy) name a principal; identity
 * policies (attached to an IAM role) do not.
 *
 * @param principals principal type (e.g. {@code Service}, {@code AWS}) to principals; empty for identity policies
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
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one resource");
        }
    }
}
