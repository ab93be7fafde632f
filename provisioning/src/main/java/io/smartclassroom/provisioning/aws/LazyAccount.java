package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.policy.AwsAccount;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The account, region and partition the ARNs of the IAM policies name, found the first time a policy is built
 * (one STS GetCallerIdentity).
 */
final class LazyAccount implements Supplier<AwsAccount> {
    private final AccountIdentity identity;
    private final Optional<Region> region;
    private AwsAccount account;

    LazyAccount(AccountIdentity identity, Optional<Region> region) {
        this.identity = requireNonNull(identity, "identity");
        this.region = requireNonNull(region, "region");
    }

    @Override
    public synchronized AwsAccount get() {
        if (account == null) {
            Region known = region.orElseThrow(() -> new ProvisioningException(
                    "no AWS region: set region in the configuration, --region or AWS_REGION"));
            String accountId = identity.accountId().orElseThrow(() -> new ProvisioningException(
                    "the AWS account is unknown (no STS client), so the IAM policies cannot name their resources"));
            account = new AwsAccount(PartitionMetadata.of(known).id(), known.id(), accountId);
        }
        return account;
    }
}
