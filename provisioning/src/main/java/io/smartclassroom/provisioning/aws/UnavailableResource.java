package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;

/** A resource whose inputs are missing for this command (e.g. no student data file for status); reports why. */
public final class UnavailableResource implements Resource {
    private final String kind;
    private final String name;
    private final String note;

    public UnavailableResource(String kind, String name, String note) {
        this.kind = requireNonNull(kind, "kind");
        this.name = requireNonNull(name, "name");
        this.note = requireNonNull(note, "note");
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ResourceState inspect() {
        return new ResourceState.Unmanaged(note);
    }

    @Override
    public String create() {
        throw new IllegalStateException(note);
    }

    @Override
    public String update(ResourceState.Differs current) {
        throw new IllegalStateException(note);
    }

    @Override
    public String delete() {
        throw new IllegalStateException(note);
    }
}
