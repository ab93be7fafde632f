package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.services.sts.StsClient;

/** Asks STS GetCallerIdentity once, the first time the account is needed. */
public final class StsAccountIdentity implements AccountIdentity {
    private final StsClient sts;
    private volatile String accountId;

    public StsAccountIdentity(StsClient sts) {
        this.sts = requireNonNull(sts, "sts");
    }

    @Override
    public Optional<String> accountId() {
        String known = accountId;
        if (known == null) {
            known = sts.getCallerIdentity().account();
            accountId = known;
        }
        return Optional.of(known);
    }
}
