package io.smartclassroom.provisioning.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One condition of a statement, e.g. {@code ArnEquals aws:SourceArn = arn:aws:s3:::bucket}. */
public record PolicyCondition(String operator, String key, List<String> values) {
    public PolicyCondition {
        requireNonNull(operator, "operator");
        requireNonNull(key, "key");
        values = List.copyOf(requireNonNull(values, "values"));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("condition " + operator + " " + key + " has no values");
        }
    }

    public static PolicyCondition of(String operator, String key, String value) {
        return new PolicyCondition(operator, key, List.of(value));
    }
}
