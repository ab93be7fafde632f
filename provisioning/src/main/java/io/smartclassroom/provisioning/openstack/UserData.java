package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Rendered cloud-init user-data. {@link #cloudConfig()} may hold the signature of a presigned jar URL (never an
 * AWS key: that is delivered over SSH after boot): it goes to Nova and nowhere else. {@link #redacted()} is the same text with
 * the secrets replaced, for {@code --show-user-data}; {@link #toString()} shows neither.
 *
 * @param warnings things about the inputs that look wrong but do not stop the server from being created
 */
public record UserData(String cloudConfig, String redacted, List<String> warnings) {

    /** Nova's limit on the base64-encoded user-data. */
    public static final int NOVA_MAX_BASE64_BYTES = 65_535;

    public UserData {
        requireNonNull(cloudConfig, "cloudConfig");
        requireNonNull(redacted, "redacted");
        warnings = List.copyOf(requireNonNull(warnings, "warnings"));
    }

    /** The user-data as Nova takes it: base64 of the UTF-8 text. */
    public String base64() {
        return Base64.getEncoder().encodeToString(cloudConfig.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "UserData[" + cloudConfig.length() + " characters, secrets not shown]";
    }
}
