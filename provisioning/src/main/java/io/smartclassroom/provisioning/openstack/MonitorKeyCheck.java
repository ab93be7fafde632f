package io.smartclassroom.provisioning.openstack;

import java.util.Optional;

/**
 * Tells whether the monitor's server still holds a usable AWS access key. The server records the id (never the
 * secret) of the key its user-data was rendered with in its metadata item
 * {@value OpenStackSettings#ACCESS_KEY_METADATA}; when the AWS side has rotated or lost that key the server must be
 * rebuilt, since cloud-init writes the credentials only at first boot.
 */
@FunctionalInterface
public interface MonitorKeyCheck {
    /**
     * Why a server booted with the access key {@code accessKeyId} must be replaced, or empty when it need not.
     *
     * @param accessKeyId the id recorded on the server; empty when none is (then the server is not judged)
     */
    Optional<String> staleReason(Optional<String> accessKeyId);

    /** Never asks for a replacement. */
    static MonitorKeyCheck never() {
        return accessKeyId -> Optional.empty();
    }
}
