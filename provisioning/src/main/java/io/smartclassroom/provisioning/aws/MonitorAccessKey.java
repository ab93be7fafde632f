package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The monitor user's access key, which the OpenStack server gets through its user-data. {@code up} creates one
 * when the user has none, and with {@code --rotate-monitor-key} creates a new one and deletes the old ones; the
 * secret stays in {@link MonitorKeys} (memory) and is never printed. {@code down} deletes the user's keys.
 */
public final class MonitorAccessKey implements Resource {
    private static final Logger log = LoggerFactory.getLogger(MonitorAccessKey.class);
    private static final int IAM_KEYS_PER_USER = 2;

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
            return new ResourceState.Absent("with the user; its secret goes only into the server's user-data");
        }
        if (!ManagedTag.isOn(IamUser.tags(user.get()))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("IAM user " + user.get().arn()));
        }
        List<AccessKeyMetadata> current = keys.current();
        if (current.isEmpty()) {
            return new ResourceState.Absent("its secret goes only into the server's user-data");
        }
        if (keys.rotationPending()) {
            return new ResourceState.Differs(List.of("rotation asked for (--rotate-monitor-key): a new key replaces "
                    + ids(current)));
        }
        return new ResourceState.Present(describe(current) + "; its secret cannot be read back");
    }

    @Override
    public String create() {
        CreatedAccessKey key = keys.create();
        log.info("created access key {} of IAM user {}", key.accessKeyId(), keys.user());
        return "id " + key.accessKeyId() + "; its secret goes only into the server's user-data";
    }

    @Override
    public String update(ResourceState.Differs current) {
        List<AccessKeyMetadata> old = new ArrayList<>(keys.current());
        List<String> deleted = new ArrayList<>();
        // IAM allows two keys per user: make room first by deleting the oldest.
        while (old.size() >= IAM_KEYS_PER_USER) {
            AccessKeyMetadata oldest = old.remove(0);
            keys.delete(oldest.accessKeyId());
            deleted.add(oldest.accessKeyId());
        }
        CreatedAccessKey key = keys.create();
        for (AccessKeyMetadata each : old) {
            keys.delete(each.accessKeyId());
            deleted.add(each.accessKeyId());
        }
        log.info("rotated the access key of IAM user {}: new {}, deleted {}", keys.user(), key.accessKeyId(), deleted);
        return "new key " + key.accessKeyId() + (deleted.isEmpty() ? "" : ", deleted " + String.join(", ", deleted));
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
