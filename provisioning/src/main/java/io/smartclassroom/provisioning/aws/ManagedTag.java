package io.smartclassroom.provisioning.aws;

import java.util.Map;

/**
 * The tag {@code managed-by=smart-classroom} that every AWS resource provisioning creates carries. The ECR
 * repository, the IAM role and user and the function are deleted by {@code down} only when they carry it; one
 * of the configured name without it is left alone.
 */
public final class ManagedTag {
    public static final String KEY = "managed-by";
    public static final String VALUE = "smart-classroom";

    private ManagedTag() {}

    public static Map<String, String> asMap() {
        return Map.of(KEY, VALUE);
    }

    /** Whether {@code tags} hold this tag. */
    public static boolean isOn(Map<String, String> tags) {
        return tags != null && VALUE.equals(tags.get(KEY));
    }

    /** {@code managed-by=smart-classroom}. */
    public static String text() {
        return KEY + "=" + VALUE;
    }

    /** The difference to report when a resource lacks the tag. */
    static String missing() {
        return "tag " + text() + " missing";
    }

    /** The note for a resource of the configured name that this tool did not create. */
    static String notOurs(String what) {
        return "exists but has no tag " + text() + ", so it was not created by this tool: left alone (" + what
                + "; tag it to manage it, or configure another name)";
    }
}
