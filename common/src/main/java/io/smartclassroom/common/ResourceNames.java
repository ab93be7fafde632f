package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

/**
 * The names of the cloud resources the modules share. The defaults are what provisioning creates
 * and what the monitor, handler and local cloud look for when nothing else is configured.
 */
public record ResourceNames(
        String inputBucket,
        String outputBucket,
        String queue,
        String deadLetterQueue,
        String table,
        String nameIndex,
        String function) {

    public static final ResourceNames DEFAULTS = new ResourceNames(
            "smart-classroom-input",
            "smart-classroom-output",
            "smart-classroom-requests",
            "smart-classroom-requests-dlq",
            "smart-classroom-students",
            "name-index",
            "smart-classroom-face-recognition");

    public ResourceNames {
        requireNonNull(inputBucket, "inputBucket");
        requireNonNull(outputBucket, "outputBucket");
        requireNonNull(queue, "queue");
        requireNonNull(deadLetterQueue, "deadLetterQueue");
        requireNonNull(table, "table");
        requireNonNull(nameIndex, "nameIndex");
        requireNonNull(function, "function");
    }
}
