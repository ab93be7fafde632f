package io.smartclassroom.provisioning.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.policy.PolicyDocument;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads policy documents as IAM returns them: URL-encoded JSON (RFC 3986), in GetRole, GetRolePolicy, GetUserPolicy. */
final class IamDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IamDocuments() {}

    /** The document's JSON; empty when it is missing or not JSON. */
    static Optional<JsonNode> parse(String returned) {
        if (returned == null || returned.isBlank()) {
            return Optional.empty();
        }
        String text = returned.trim().startsWith("{") ? returned : URLDecoder.decode(returned, StandardCharsets.UTF_8);
        try {
            return Optional.ofNullable(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code returned} (URL-encoded or not) means the same as {@code wanted}. */
    static boolean same(PolicyDocument wanted, String returned) {
        return parse(returned).map(wanted::sameAs).orElse(false);
    }
}
