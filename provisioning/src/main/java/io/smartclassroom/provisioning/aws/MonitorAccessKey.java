package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The monitor user's access key, which the OpenStack server gets over SSH after boot (the {@code monitor-credentials}
 * line). {@code up} creates one when the user has none; the secret stays in {@link MonitorKeys} (memory) and is never
 * printed. A rotation ({@code --rotate-monitor-key}) is done where the key is delivered, so that the old key is deleted
 * only once the monitor runs with the new one. {@code down} deletes the user's keys.
 */
public final class MonitorAccessKey implements Resource {
    private static final Logger log = LoggerFactory.getLogger(MonitorAccessKey.class);

    private final IamClient iam;
    private final MonitorKeys keys;

    public MonitorAccessKey(IamClient iam, MonitorKeys keys) {
        this.iam = requireNonNull(iam, "iam");
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public String kind() {
        return "access-key";
    }

    @Override
    public String name() {
        return keys.user();
    }

    @Override
    public ResourceState inspect() {
        Optional<User> user = user();
        if (user.isEmpty()) {
            return new ResourceState.Absent("with the user; its secret goes only to the server, over SSH");
        }
        if (!ManagedTag.isOn(IamUser.tags(user.get()))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("IAM user " + user.get().arn()));
        }
        List<AccessKeyMetadata> current = keys.current();
        if (current.isEmpty()) {
            return new ResourceState.Absent("its secret goes only to the server, over SSH");
        }
        return new ResourceState.Present(describe(current) + "; its secret cannot be read back"
                + (keys.rotationPending() ? "; rotation asked for: monitor-credentials replaces it once the new key works" : ""));
    }

    @Override
    public String create() {
        CreatedAccessKey key = keys.create();
        log.info("created access key {} of IAM user {}", key.accessKeyId(), keys.user());
        return "id " + key.accessKeyId() + "; its secret goes only to the server, over SSH";
    }

    @Override
    public String update(ResourceState.Differs current) {
        throw new IllegalStateException("the monitor's access key never differs: monitor-credentials rotates it");
    }

    @Override
    public String delete() {
        List<AccessKeyMetadata> current = keys.current();
        current.forEach(key -> keys.delete(key.accessKeyId()));
        return ids(current);
    }

    private Optional<User> user() {
        try {
            return Optional.of(iam.getUser(request -> request.userName(keys.user())).user());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private static String ids(List<AccessKeyMetadata> keys) {
        return String.join(", ", keys.stream().map(AccessKeyMetadata::accessKeyId).toList());
    }

    private static String describe(List<AccessKeyMetadata> keys) {
        return String.join(", ", keys.stream().map(key -> key.accessKeyId() + " (" + key.statusAsString()
                + (key.createDate() == null ? "" : ", created " + key.createDate()) + ")").toList());
    }
}
