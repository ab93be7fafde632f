package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
    private final List<String> events = new ArrayList<>();
    private final FakeKeys keys = new FakeKeys();

    @Test
    void theNewKeyIsCreatedThenDeliveredAndVerifiedAndOnlyThenTheOldOneDeleted() {
        keys.ids.add("AKIAOLD0000000000000");

        KeyRotation.Result result = new KeyRotation(keys, key -> {
            events.add("deliver " + key.accessKeyId());
            events.add("verify " + key.accessKeyId());
            return "monitor active";
        }).run(Optional.of("AKIAOLD0000000000000"));

        assertThat(events).containsExactly("create AKIANEW0000000000001", "deliver AKIANEW0000000000001",
                "verify AKIANEW0000000000001", "delete AKIAOLD0000000000000");
        assertThat(result).isEqualTo(new KeyRotation.Result("AKIANEW0000000000001", List.of("AKIAOLD0000000000000"), "monitor active"));
        assertThat(keys.ids).containsExactly("AKIANEW0000000000001");
    }

    @Test
    void aFailedDeliveryDeletesTheNewKeyAndLeavesTheOldOne() {
        keys.ids.add("AKIAOLD0000000000000");

        assertThatThrownBy(() -> new KeyRotation(keys, key -> {
            events.add("deliver " + key.accessKeyId());
            throw new ProvisioningException("the monitor (smart-classroom-monitor.service) did not stay up");
        }).run(Optional.of("AKIAOLD0000000000000")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessage("delivering access key AKIANEW0000000000001 failed, so it was deleted and AKIAOLD0000000000000 left"
                        + " in place: the monitor (smart-classroom-monitor.service) did not stay up");

        assertThat(events).containsExactly("create AKIANEW0000000000001", "deliver AKIANEW0000000000001",
                "delete AKIANEW0000000000001");
        assertThat(keys.ids).containsExactly("AKIAOLD0000000000000");
    }

    @Test
    void withBothKeysTakenTheOneTheServerDoesNotUseMakesRoom() {
        keys.ids.add("AKIAINUSE00000000000");
        keys.ids.add("AKIASTALE00000000000");

        new KeyRotation(keys, key -> {
            events.add("deliver " + key.accessKeyId());
            return "";
        }).run(Optional.of("AKIAINUSE00000000000"));

        assertThat(events).containsExactly("delete AKIASTALE00000000000", "create AKIANEW0000000000001",
                "deliver AKIANEW0000000000001", "delete AKIAINUSE00000000000");
    }

    @Test
    void aKeyCreatedEarlierInThisRunIsDeliveredWithoutMakingAnother() {
        keys.ids.add("AKIAFIRST00000000000");
        keys.created = Optional.of(AwsAccessKey.of("AKIAFIRST00000000000", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

        KeyRotation.Result result = new KeyRotation(keys, key -> {
            events.add("deliver " + key.accessKeyId());
            return "";
        }).run(Optional.empty());

        assertThat(events).containsExactly("deliver AKIAFIRST00000000000");
        assertThat(result.deleted()).isEmpty();
    }

    private final class FakeKeys implements KeyRotation.Keys {
        final List<String> ids = new ArrayList<>();
        Optional<AwsAccessKey> created = Optional.empty();
        int made;

        @Override
        public List<String> ids() {
            return List.copyOf(ids);
        }

        @Override
        public Optional<AwsAccessKey> createdInThisRun() {
            return created;
        }

        @Override
        public AwsAccessKey create() {
            if (ids.size() >= KeyRotation.IAM_KEYS_PER_USER) {
                throw new IllegalStateException("IAM: LimitExceeded, 2 keys already");
            }
            String id = String.format("AKIANEW%013d", ++made);
            ids.add(id);
            events.add("create " + id);
            return AwsAccessKey.of(id, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        }

        @Override
        public void delete(String accessKeyId) {
            if (!ids.remove(accessKeyId)) {
                throw new IllegalStateException("IAM: no key " + accessKeyId);
            }
            events.add("delete " + accessKeyId);
        }
    }
}
