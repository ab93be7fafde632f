package io.smartclassroom.provisioning.openstack;

import java.util.ArrayList;
import java.util.List;

/**
 * Real RSA keys for the tests, made once per JVM: generating a 3072-bit key takes seconds on a busy machine,
 * and what the tests check (encoding, files, comparisons) does not depend on the size.
 */
final class TestKeys {
    private static final List<SshKeys.GeneratedKey> KEYS = new ArrayList<>();

    private TestKeys() {}

    /** Key number {@code index} (0, 1, 2, ...), the same object every time. */
    static synchronized SshKeys.GeneratedKey key(int index) {
        while (KEYS.size() <= index) {
            KEYS.add(SshKeys.generateRsa("test-key-" + KEYS.size(), 2048));
        }
        return KEYS.get(index);
    }

    /** A key generator for {@link OpenStackDeployment} that hands out key 0. */
    static SshKeys.GeneratedKey generator(String comment) {
        return key(0);
    }
}
