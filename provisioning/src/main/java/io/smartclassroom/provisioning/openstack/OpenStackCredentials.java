package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where and how to authenticate with Keystone v3.
 *
 * @param authUrl the Keystone v3 endpoint, ending in {@code /v3}
 * @param region the region whose endpoints to use; empty = the first of each service in the catalog
 * @param verifyTls false to accept any TLS certificate (clouds.yaml {@code verify: false}; test clouds only)
 * @param source where the credentials came from, for messages (never the secrets)
 */
public record OpenStackCredentials(String authUrl, KeystoneAuth auth, Optional<String> region, boolean verifyTls, String source) {
    public OpenStackCredentials {
        requireNonNull(authUrl, "authUrl");
        requireNonNull(auth, "auth");
        requireNonNull(region, "region");
        requireNonNull(source, "source");
    }
}
