package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import org.openstack4j.model.common.Identifier;

/** A Keystone user, project or domain, given by name or by id. */
public record NameOrId(String value, boolean isId) {
    public NameOrId {
        requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a name or id must not be blank");
        }
    }

    public static NameOrId name(String name) {
        return new NameOrId(name, false);
    }

    public static NameOrId id(String id) {
        return new NameOrId(id, true);
    }

    Identifier toIdentifier() {
        return isId ? Identifier.byId(value) : Identifier.byName(value);
    }

    @Override
    public String toString() {
        return (isId ? "id " : "") + value;
    }
}
