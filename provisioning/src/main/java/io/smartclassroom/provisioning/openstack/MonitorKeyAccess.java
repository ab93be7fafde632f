package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the OpenStack side needs from the AWS side to give the monitor its key after boot.
 *
 * @param keys the monitor user's access keys
 * @param keyCheck says when the key the server runs with is gone or being rotated
 * @param restrictPolicy puts the monitor user's policy limited to these source CIDRs (none = unrestricted) before a
 *     key is delivered
 * @param allowPlaintextSecrets the operator's {@code --insecure-allow-plaintext-secrets}: deliver even when the
 *     OpenStack API (which vouches for the server's host key) is reached over {@code http://} or without TLS checks
 */
public record MonitorKeyAccess(KeyRotation.Keys keys, MonitorKeyCheck keyCheck, Consumer<List<String>> restrictPolicy,
        boolean allowPlaintextSecrets) {
    public MonitorKeyAccess {
        requireNonNull(keys, "keys");
        requireNonNull(keyCheck, "keyCheck");
        requireNonNull(restrictPolicy, "restrictPolicy");
    }
}
