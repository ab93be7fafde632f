package io.smartclassroom.provisioning;

/** What a command did (or would do) with one resource. */
public enum Outcome {
    // plan
    WOULD_CREATE,
    WOULD_UPDATE,
    NO_CHANGE,
    // up
    CREATED,
    UPDATED,
    UNCHANGED,
    // status
    PRESENT,
    DIFFERS,
    // status and down
    ABSENT,
    // down
    DELETED,
    // any command
    UNMANAGED,
    SKIPPED,
    FAILED;

    /** Whether this outcome wrote to the cloud. */
    public boolean changed() {
        return this == CREATED || this == UPDATED || this == DELETED;
    }
}
