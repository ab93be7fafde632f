package io.smartclassroom.provisioning;

/**
 * One managed cloud resource. {@link Provisioner} drives every command (plan, up, status, down) through
 * these methods: it always {@link #inspect}s first and calls {@link #create}, {@link #update} or
 * {@link #delete} only when the state says there is something to do.
 */
public interface Resource {
    /** What kind of thing this is, e.g. {@code bucket}, {@code queue}, {@code table}. */
    String kind();

    /** Its name, e.g. the bucket name. */
    String name();

    /** The current state, read from the cloud; changes nothing. */
    ResourceState inspect();

    /** Creates the resource that {@link #inspect} found absent; returns a short detail, possibly empty. */
    String create();

    /** Brings a resource that differs to the wanted state; returns a short detail, possibly empty. */
    String update(ResourceState.Differs current);

    /** Deletes the resource that {@link #inspect} found; returns a short detail, possibly empty. */
    String delete();

    /** The word {@code up} prints when nothing changes: {@code exists} for containers, {@code unchanged} for contents. */
    default String presentWord() {
        return "exists";
    }
}
