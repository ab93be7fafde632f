package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

/** Runs commands on the monitor's server (over SSH). */
public interface RemoteShell extends AutoCloseable {

    /**
     * Runs {@code command} with {@code stdin} as its standard input (secrets go there, never on the command line,
     * which other users of the server could see in the process list).
     */
    Result run(String command, byte[] stdin);

    @Override
    void close();

    /** What a command returned; {@code stdout} and {@code stderr} as UTF-8 text. */
    record Result(int exitStatus, String stdout, String stderr) {
        public Result {
            requireNonNull(stdout, "stdout");
            requireNonNull(stderr, "stderr");
        }

        public boolean succeeded() {
            return exitStatus == 0;
        }
    }
}
