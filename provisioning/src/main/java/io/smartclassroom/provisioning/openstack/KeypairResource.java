package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Keypair;

/**
 * The Nova keypair that lets the default user of the server in with SSH. Its public key is, in order of
 * preference: the configured public key file; the public half of the private key file when that exists (so a
 * keypair deleted by {@code down} comes back with the same key); else a new RSA key generated here, whose
 * private half is written to the private key file with mode 0600 and never printed or sent anywhere.
 */
final class KeypairResource implements Resource {
    private final OpenStackApi api;
    private final OpenStackSettings settings;
    private final Function<String, SshKeys.GeneratedKey> keyGenerator;

    /** @param keyGenerator makes a new key with the given comment, e.g. {@link SshKeys#generateRsa} */
    KeypairResource(OpenStackApi api, OpenStackSettings settings, Function<String, SshKeys.GeneratedKey> keyGenerator) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
        this.keyGenerator = requireNonNull(keyGenerator, "keyGenerator");
    }

    @Override
    public String kind() {
        return "keypair";
    }

    @Override
    public String name() {
        return settings.keypairName();
    }

    @Override
    public ResourceState inspect() {
        Optional<Keypair> keypair = keypair();
        Path privateKey = settings.privateKeyFile();
        if (keypair.isEmpty()) {
            if (settings.publicKeyFile().isPresent()) {
                return new ResourceState.Absent("import " + settings.publicKeyFile().get());
            }
            return new ResourceState.Absent(Files.exists(privateKey)
                    ? "import the public key of " + privateKey
                    : "generate an RSA key, private key to " + privateKey);
        }
        String fingerprint = "fingerprint " + keypair.get().getFingerprint();
        Optional<String> wanted = wantedPublicKey();
        if (wanted.isPresent() && !SshKeys.sameKey(wanted.get(), keypair.get().getPublicKey())) {
            return new ResourceState.Differs(List.of("its public key is not the one of " + keySource()));
        }
        if (settings.publicKeyFile().isEmpty() && !Files.exists(privateKey)) {
            return new ResourceState.Present(fingerprint + "; no private key at " + privateKey + " to SSH in with");
        }
        return new ResourceState.Present(fingerprint + ", matches " + keySource());
    }

    @Override
    public String create() {
        Optional<String> wanted = wantedPublicKey();
        if (wanted.isPresent()) {
            importKey(wanted.get());
            return "imported the public key of " + keySource();
        }
        Path privateKey = settings.privateKeyFile();
        SshKeys.GeneratedKey key = keyGenerator.apply(name());
        SshKeys.writePrivateKey(privateKey, key.privateKeyPem());
        try {
            importKey(key.publicKey());
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(privateKey);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return "generated an RSA " + SshKeys.RSA_BITS + " key; private key in " + privateKey + " (mode 0600)";
    }

    @Override
    public String update(ResourceState.Differs current) {
        deleteKeypair();
        return create();
    }

    @Override
    public String delete() {
        deleteKeypair();
        Path privateKey = settings.privateKeyFile();
        return Files.exists(privateKey) ? "private key " + privateKey + " kept" : "";
    }

    /** The public key the keypair should have, when one is fixed already (a file, or the existing private key). */
    private Optional<String> wantedPublicKey() {
        if (settings.publicKeyFile().isPresent()) {
            return Optional.of(SshKeys.readPublicKey(settings.publicKeyFile().get()));
        }
        Path privateKey = settings.privateKeyFile();
        return Files.exists(privateKey) ? Optional.of(SshKeys.publicKeyOfPrivateKey(privateKey, name())) : Optional.empty();
    }

    private String keySource() {
        return settings.publicKeyFile().orElse(settings.privateKeyFile()).toString();
    }

    private Optional<Keypair> keypair() {
        return Optional.ofNullable(api.call("get keypair " + name(), client -> client.compute().keypairs().get(name())));
    }

    private void importKey(String publicKey) {
        api.call("import keypair " + name(), client -> client.compute().keypairs().create(name(), publicKey));
    }

    private void deleteKeypair() {
        ActionResponse response = api.call("delete keypair " + name(), client -> client.compute().keypairs().delete(name()));
        OpenStackErrors.check("delete keypair " + name(), response, true);
    }
}
