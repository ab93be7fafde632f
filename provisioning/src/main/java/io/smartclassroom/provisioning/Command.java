package io.smartclassroom.provisioning;

import java.util.List;
import java.util.Locale;

/** The four provisioning commands. */
public enum Command {
    PLAN,
    UP,
    STATUS,
    DOWN;

    /** Whether the command writes the student records, and so needs them. */
    public boolean needsStudentData() {
        return this == PLAN || this == UP;
    }

    /** Runs this command with {@code provisioner}. */
    public List<ResourceReport> run(Provisioner provisioner) {
        return switch (this) {
            case PLAN -> provisioner.plan();
            case UP -> provisioner.up();
            case STATUS -> provisioner.status();
            case DOWN -> provisioner.down();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
