package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and as whom to connect over SSH, and the only host keys to accept.
 *
 * @param privateKeyFile the private key of the keypair provisioning made (or the operator's, for an imported one)
 * @param hostKeys the server's host keys, read from its console log; a server offering any other key is refused
 */
public record SshTarget(String host, int port, String user, Path privateKeyFile, List<HostKey> hostKeys) {
    public SshTarget {
        requireNonNull(host, "host");
        requireNonNull(user, "user");
        requireNonNull(privateKeyFile, "privateKeyFile");
        hostKeys = List.copyOf(requireNonNull(hostKeys, "hostKeys"));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("SSH port must be 1-65535, got " + port);
        }
        if (hostKeys.isEmpty()) {
            throw new IllegalArgumentException("no host key to check " + host + " against");
        }
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
