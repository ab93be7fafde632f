package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

/** The request queue as configured: by URL, or by name to be resolved with GetQueueUrl. */
public sealed interface QueueRef {

    record Url(String url) implements QueueRef {
        public Url {
            requireNonNull(url, "url");
            if (url.isBlank()) {
                throw new IllegalArgumentException("queue URL is blank");
            }
        }

        @Override
        public String toString() {
            return url;
        }
    }

    record Name(String name) implements QueueRef {
        public Name {
            requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("queue name is blank");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
