package io.smartclassroom.common.cli;

/**
 * The exit codes every jar shares: {@code 0} done (and, for a check, all as expected); {@code 1} ran, checked,
 * and something is wrong (a result missing or wrong, a resource that failed, an upload that failed); {@code 2}
 * could not run (a usage error, a missing file, no credentials, an unreachable endpoint, a bad setting). A jar
 * may add its own above these (the monitor's {@code 3}).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CHECKED_WRONG = 1;
    public static final int CANNOT_RUN = 2;

    private ExitCodes() {}
}
