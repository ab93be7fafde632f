package io.smartclassroom.provisioning.policy;

/** Whether a policy statement allows or denies. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String json;

    Effect(String json) {
        this.json = json;
    }

    /** The value of the {@code Effect} element. */
    public String json() {
        return json;
    }
}
