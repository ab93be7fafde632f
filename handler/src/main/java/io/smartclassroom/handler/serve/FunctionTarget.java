package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

/**
 * The function an Invoke request names: a name ({@code my-function}), a partial ARN
 * ({@code 123456789012:function:my-function}) or a full ARN, each optionally with {@code :qualifier};
 * a {@code Qualifier} query parameter wins over one in the name.
 */
record FunctionTarget(String name, String qualifier) {
    FunctionTarget {
        requireNonNull(name, "name");
    }

    static FunctionTarget parse(String functionName, String qualifierParameter) {
        requireNonNull(functionName, "functionName");
        String[] parts = functionName.split(":", -1);
        String name;
        String qualifier = null;
        if (parts.length >= 7 && parts[0].equals("arn") && parts[5].equals("function")) {
            name = parts[6];
            qualifier = parts.length > 7 ? parts[7] : null;
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            name = parts[2];
            qualifier = parts.length > 3 ? parts[3] : null;
        } else {
            name = parts[0];
            qualifier = parts.length > 1 ? parts[1] : null;
        }
        if (qualifierParameter != null && !qualifierParameter.isEmpty()) {
            qualifier = qualifierParameter;
        }
        return new FunctionTarget(name, qualifier);
    }
}
