package io.smartclassroom.provisioning.aws;

import java.util.Optional;

/** The AWS account the credentials belong to, when it can be known. */
@FunctionalInterface
public interface AccountIdentity {
    /** The 12-digit account id, or empty where there is no STS (the local cloud). */
    Optional<String> accountId();

    static AccountIdentity unknown() {
        return Optional::empty;
    }
}
