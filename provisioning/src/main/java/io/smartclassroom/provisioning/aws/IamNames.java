package io.smartclassroom.provisioning.aws;

import io.smartclassroom.provisioning.policy.PolicyDocument;
import io.smartclassroom.provisioning.policy.PolicyStatement;
import java.util.List;

/** Short texts about IAM things for the one-line reports. */
final class IamNames {
    private IamNames() {}

    static String count(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /** The principals a trust policy names, e.g. {@code lambda.amazonaws.com}. */
    static String trustSummary(PolicyDocument trust) {
        return String.join(", ", trust.statements().stream()
                .map(PolicyStatement::principals)
                .flatMap(principals -> principals.values().stream())
                .flatMap(List::stream)
                .toList());
    }
}
