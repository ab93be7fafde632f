package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

/** How to get a Keystone v3 token. The secrets never appear in {@link #toString()}. */
public sealed interface KeystoneAuth {

    /** Password authentication, scoped to a project. */
    record Password(NameOrId user, NameOrId userDomain, String password, NameOrId project, NameOrId projectDomain)
            implements KeystoneAuth {
        public Password {
            requireNonNull(user, "user");
            requireNonNull(userDomain, "userDomain");
            requireNonNull(password, "password");
            requireNonNull(project, "project");
            requireNonNull(projectDomain, "projectDomain");
        }

        @Override
        public String toString() {
            return "Password[user=" + user + ", userDomain=" + userDomain + ", password=<redacted>, project=" + project
                    + ", projectDomain=" + projectDomain + "]";
        }
    }

    /** An application credential; its project is fixed when it is created. */
    record ApplicationCredential(String id, String secret) implements KeystoneAuth {
        public ApplicationCredential {
            requireNonNull(id, "id");
            requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "ApplicationCredential[id=" + id + ", secret=<redacted>]";
        }
    }
}
