package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An IAM policy document (the JSON grammar shared by IAM identity policies and resource policies such
 * as an SQS queue policy).
 */
public record PolicyDocument(Optional<String> id, List<PolicyStatement> statements) {
    public static final String VERSION = "2012-10-17";

    public PolicyDocument {
        requireNonNull(id, "id");
        statements = List.copyOf(requireNonNull(statements, "statements"));
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a policy document needs at least one statement");
        }
    }

    /**
     * The document as JSON, in the form AWS itself writes: a list of one value is written as that value.
     */
    public ObjectNode toJson() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("Version", VERSION);
        id.ifPresent(value -> root.put("Id", value));
        ArrayNode statementNodes = root.putArray("Statement");
        for (PolicyStatement statement : statements) {
            ObjectNode node = statementNodes.addObject();
            statement.sid().ifPresent(sid -> node.put("Sid", sid));
            node.put("Effect", statement.effect().json());
            if (!statement.principals().isEmpty()) {
                ObjectNode principal = node.putObject("Principal");
                new TreeMap<>(statement.principals()).forEach((type, values) -> principal.set(type, oneOrMany(values)));
            }
            node.set("Action", oneOrMany(statement.actions()));
            if (!statement.resources().isEmpty()) {
                node.set("Resource", oneOrMany(statement.resources()));
            }
            if (!statement.conditions().isEmpty()) {
                ObjectNode condition = node.putObject("Condition");
                for (PolicyCondition each : statement.conditions()) {
                    ObjectNode operator = condition.has(each.operator())
                            ? (ObjectNode) condition.get(each.operator())
                            : condition.putObject(each.operator());
                    operator.set(each.key(), oneOrMany(each.values()));
                }
            }
        }
        return root;
    }

    /** The document as a compact JSON string, as the APIs take it. */
    public String toJsonString() {
        return toJson().toString();
    }

    /**
     * Whether a policy as returned by an AWS API means the same as this document: a single value and a
     * list of that one value are the same, and the order of list elements does not matter.
     */
    public boolean sameAs(JsonNode other) {
        return other != null && normalize(toJson()).equals(normalize(other));
    }

    static JsonNode normalize(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode result = nodes.objectNode();
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                sorted.put(field.getKey(), normalize(field.getValue()));
            }
            result.setAll(sorted);
            return result;
        }
        if (node.isArray()) {
            if (node.size() == 1) {
                return normalize(node.get(0));
            }
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(normalize(element)));
            elements.sort((a, b) -> a.toString().compareTo(b.toString()));
            ArrayNode result = nodes.arrayNode();
            result.addAll(elements);
            return result;
        }
        return node;
    }

    private static JsonNode oneOrMany(List<String> values) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (values.size() == 1) {
            return nodes.textNode(values.get(0));
        }
        ArrayNode array = nodes.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
