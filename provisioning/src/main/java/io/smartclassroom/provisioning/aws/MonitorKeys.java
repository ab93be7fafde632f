package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The monitor user's access keys, and the one this run created. AWS returns a key's secret only when it is
 * created, so the monitor's server can be given credentials only in the run that creates (or, with
 * {@code --rotate-monitor-key}, replaces) the key; the secret lives in this object's memory and nowhere else.
 */
public final class MonitorKeys {
    private final IamClient iam;
    private final String user;
    private final boolean rotate;
    private CreatedAccessKey created;

    /** @param rotate whether the operator asked for a new key ({@code up --rotate-monitor-key}) */
    public MonitorKeys(IamClient iam, String user, boolean rotate) {
        this.iam = requireNonNull(iam, "iam");
        this.user = requireNonNull(user, "user");
        this.rotate = rotate;
    }

    public String user() {
        return user;
    }

    /** The user's access keys, oldest first; none when the user does not exist. */
    public List<AccessKeyMetadata> current() {
        try {
            return iam.listAccessKeysPaginator(request -> request.userName(user)).accessKeyMetadata().stream()
                    .sorted(Comparator.comparing(AccessKeyMetadata::createDate, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        } catch (NoSuchEntityException e) {
            return List.of();
        }
    }

    /** Creates a key and keeps its secret for this run. */
    public synchronized CreatedAccessKey create() {
        AccessKey key = iam.createAccessKey(request -> request.userName(user)).accessKey();
        created = new CreatedAccessKey(key.accessKeyId(), key.secretAccessKey());
        return created;
    }

    public void delete(String accessKeyId) {
        iam.deleteAccessKey(request -> request.userName(user).accessKeyId(accessKeyId));
    }

    /** The key this run created, with its secret. */
    public synchronized Optional<CreatedAccessKey> createdInThisRun() {
        return Optional.ofNullable(created);
    }

    /** Whether a rotation was asked for and no key has been made yet in this run. */
    public synchronized boolean rotationPending() {
        return rotate && created == null;
    }

    /**
     * The key for the monitor's server.
     *
     * @throws ProvisioningException when this run made no key, so its secret is unknown
     */
    public CreatedAccessKey requireCreatedInThisRun() {
        return createdInThisRun().orElseThrow(() -> new ProvisioningException("the monitor's server needs the secret of"
                + " an access key of IAM user " + user + ", but its key "
                + String.join(", ", current().stream().map(AccessKeyMetadata::accessKeyId).toList())
                + " was made by an earlier up and AWS never returns a secret again; run `up --rotate-monitor-key` to"
                + " replace it with a new key that goes to the server"));
    }

    /**
     * Why a server booted with {@code accessKeyId} must be rebuilt: a rotation is pending, or the key is no longer an
     * active key of the user. Empty when it need not be, or when the server's key is not known.
     */
    public Optional<String> staleReason(Optional<String> accessKeyId) {
        if (accessKeyId.isEmpty()) {
            return Optional.empty();
        }
        if (rotationPending()) {
            return Optional.of("its AWS access key " + accessKeyId.get() + " is being rotated (--rotate-monitor-key)");
        }
        boolean active = current().stream().anyMatch(key ->
                key.accessKeyId().equals(accessKeyId.get()) && key.status() == StatusType.ACTIVE);
        return active
                ? Optional.empty()
                : Optional.of("its AWS access key " + accessKeyId.get() + " is no longer an active key of IAM user " + user);
    }
}
