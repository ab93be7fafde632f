package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the monitor a new access key without downtime: create the new key, deliver it and check that the monitor
 * runs with it, and only then delete the old ones. If delivery or the check fails, the new key is deleted and the
 * old one, which the monitor still runs with, is left in place. IAM allows {@value #IAM_KEYS_PER_USER} keys per user;
 * when both are taken, the one the server does not use is deleted first.
 */
public final class KeyRotation {
    public static final int IAM_KEYS_PER_USER = 2;
    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    /** The monitor user's access keys. */
    public interface Keys {
        /** The user's key ids, oldest first. */
        List<String> ids();

        /** A key created earlier in this run, whose secret is still known. */
        Optional<AwsAccessKey> createdInThisRun();

        AwsAccessKey create();

        void delete(String accessKeyId);
    }

    /** Puts a key on the server and checks that the monitor runs with it; throws when either fails. */
    @FunctionalInterface
    public interface Delivery {
        /** @return what was done, for the report line */
        String deliverAndVerify(AwsAccessKey key);
    }

    /** What a rotation did. */
    public record Result(String accessKeyId, List<String> deleted, String delivery) {
        public Result {
            requireNonNull(accessKeyId, "accessKeyId");
            deleted = List.copyOf(requireNonNull(deleted, "deleted"));
            requireNonNull(delivery, "delivery");
        }
    }

    private final Keys keys;
    private final Delivery delivery;

    public KeyRotation(Keys keys, Delivery delivery) {
        this.keys = requireNonNull(keys, "keys");
        this.delivery = requireNonNull(delivery, "delivery");
    }

    /**
     * Creates (or takes this run's) key, delivers it, then deletes every other key of the user.
     *
     * @param inUse the key the server runs with now, if known: never deleted before the new one works
     * @throws ProvisioningException when delivery fails (the new key is deleted then)
     */
    public Result run(Optional<String> inUse) {
        requireNonNull(inUse, "inUse");
        Optional<AwsAccessKey> existing = keys.createdInThisRun();
        List<String> madeRoom = existing.isPresent() ? List.of() : makeRoom(inUse);
        AwsAccessKey key = existing.orElseGet(keys::create);
        String delivered;
        try {
            delivered = delivery.deliverAndVerify(key);
        } catch (RuntimeException e) {
            String kept = String.join(", ", keys.ids().stream().filter(id -> !id.equals(key.accessKeyId())).toList());
            try {
                keys.delete(key.accessKeyId());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                throw new ProvisioningException("delivering access key " + key.accessKeyId() + " failed and deleting it"
                        + " failed too (" + cleanup.getMessage() + "); delete it by hand: " + e.getMessage(), e);
            }
            log.warn("access key {} deleted after its delivery failed; kept {}", key.accessKeyId(), kept);
            throw new ProvisioningException("delivering access key " + key.accessKeyId() + " failed, so it was deleted"
                    + (kept.isEmpty() ? "" : " and " + kept + " left in place") + ": " + e.getMessage(), e);
        }
        List<String> deleted = new ArrayList<>(madeRoom);
        for (String id : keys.ids()) {
            if (!id.equals(key.accessKeyId())) {
                keys.delete(id);
                deleted.add(id);
            }
        }
        log.info("monitor runs with access key {}; deleted {}", key.accessKeyId(), deleted);
        return new Result(key.accessKeyId(), deleted, delivered);
    }

    /** Deletes keys the server does not use, oldest first, until a new one fits. */
    private List<String> makeRoom(Optional<String> inUse) {
        List<String> ids = new ArrayList<>(keys.ids());
        List<String> deleted = new ArrayList<>();
        while (ids.size() >= IAM_KEYS_PER_USER) {
            String victim = ids.stream().filter(id -> inUse.isEmpty() || !id.equals(inUse.get())).findFirst()
                    .orElseThrow(() -> new ProvisioningException("no access key to make room with"));
            keys.delete(victim);
            ids.remove(victim);
            deleted.add(victim);
        }
        return deleted;
    }
}
