package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the monitor's AWS access key on its server through a {@link RemoteShell} and checks that the monitor runs
 * with it:
 * <ol>
 *   <li>writes the key, sent on standard input, to {@code <file>.new} as root with umask 077 (so mode 0600,
 *       owned by root) and renames it over {@code <file>}: the monitor never sees half a file;</li>
 *   <li>restarts the monitor's systemd unit, which reads the file as its {@code EnvironmentFile} (systemd reads it
 *       as root before it drops to the monitor's user, who cannot read it);</li>
 *   <li>waits until the unit is active and is still active with the same main process {@code settle} later (the
 *       monitor checks its queue at start, so a key AWS refuses makes it exit and systemd restart it).</li>
 * </ol>
 * Commands that need root run under {@code sudo -n} (the image's default user has password-less sudo).
 */
public final class MonitorCredentialsInstaller {
    private static final Logger log = LoggerFactory.getLogger(MonitorCredentialsInstaller.class);
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9/._-]+");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._-]+\\.service");

    private final String credentialsFile;
    private final String unitName;
    private final Duration settle;
    private final Duration timeout;
    private final Poller poller;

    /**
     * @param settle how long the restarted monitor must stay up, same process, to count as healthy
     * @param timeout how long the monitor may take to become active
     * @param pollInterval how often the unit's state is read
     */
    public MonitorCredentialsInstaller(String credentialsFile, String unitName, Duration settle, Duration timeout,
            Duration pollInterval) {
        this.credentialsFile = requireNonNull(credentialsFile, "credentialsFile");
        this.unitName = requireNonNull(unitName, "unitName");
        this.settle = requireNonNull(settle, "settle");
        this.timeout = requireNonNull(timeout, "timeout");
        this.poller = new Poller(requireNonNull(pollInterval, "pollInterval"));
        if (!PATH.matcher(credentialsFile).matches()) {
            throw new IllegalArgumentException("credentials file '" + credentialsFile + "' is not a plain absolute path");
        }
        if (!UNIT.matcher(unitName).matches()) {
            throw new IllegalArgumentException("'" + unitName + "' is not a systemd service name");
        }
    }

    /** The installer for the server cloud-init sets up ({@link CloudInitUserData}). */
    public static MonitorCredentialsInstaller forServer(Duration settle, Duration timeout, Duration pollInterval) {
        return new MonitorCredentialsInstaller(CloudInitUserData.CREDENTIALS_FILE, CloudInitUserData.UNIT_NAME, settle,
                timeout, pollInterval);
    }

    /**
     * Installs {@code key} and restarts the monitor.
     *
     * @return what was done, e.g. {@code monitor active (pid 1234)}
     * @throws ProvisioningException when a step fails or the monitor does not stay active
     */
    public String install(RemoteShell shell, AwsAccessKey key) {
        requireNonNull(shell, "shell");
        requireNonNull(key, "key");
        String temporary = credentialsFile + ".new";
        String write = "sudo -n sh -c 'umask 077 && rm -f " + temporary + " && cat > " + temporary
                + " && chmod 0600 " + temporary + " && mv -f " + temporary + " " + credentialsFile + "'";
        check(shell.run(write, environmentFile(key)), "writing " + credentialsFile);
        log.info("monitor credentials: access key {} written to {} (0600, root)", key.accessKeyId(), credentialsFile);
        check(shell.run("sudo -n systemctl restart " + unitName, new byte[0]), "restarting " + unitName);
        UnitState first = poller.until(timeout, () -> Optional.of(state(shell)).filter(UnitState::active),
                () -> unhealthy(shell, "did not become active within " + timeout.toSeconds() + " s"));
        sleep(settle);
        UnitState later = state(shell);
        if (!later.active() || !later.mainPid().equals(first.mainPid())) {
            throw unhealthy(shell, "did not stay up: " + first + " then, " + settle.toSeconds() + " s later, " + later);
        }
        log.info("monitor credentials: {} is active (pid {}) with access key {}", unitName, later.mainPid(), key.accessKeyId());
        return unitName + " active (pid " + later.mainPid() + ")";
    }

    /** The unit's state as {@code systemctl show} reports it. */
    record UnitState(String activeState, String mainPid, String restarts) {
        boolean active() {
            return activeState.equals("active") && !mainPid.equals("0");
        }

        @Override
        public String toString() {
            return activeState + " (pid " + mainPid + ", " + restarts + " restarts)";
        }
    }

    private UnitState state(RemoteShell shell) {
        RemoteShell.Result result = shell.run("systemctl show --property=ActiveState,MainPID,NRestarts " + unitName, new byte[0]);
        check(result, "reading the state of " + unitName);
        Map<String, String> properties = new HashMap<>();
        result.stdout().lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals > 0) {
                properties.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        });
        return new UnitState(properties.getOrDefault("ActiveState", "unknown"), properties.getOrDefault("MainPID", "0"),
                properties.getOrDefault("NRestarts", "?"));
    }

    private ProvisioningException unhealthy(RemoteShell shell, String what) {
        RemoteShell.Result journal = shell.run("sudo -n journalctl --unit " + unitName + " --lines 3 --no-pager --output cat",
                new byte[0]);
        String last = journal.succeeded() ? journal.stdout().strip().replaceAll("\\s*\\R\\s*", " | ") : "";
        return new ProvisioningException("the monitor (" + unitName + ") " + what
                + (last.isEmpty() ? "" : "; its journal ends: " + last));
    }

    private static void check(RemoteShell.Result result, String what) {
        if (!result.succeeded()) {
            String stderr = result.stderr().strip().replaceAll("\\s*\\R\\s*", " ");
            throw new ProvisioningException(what + " on the monitor's server failed (exit " + result.exitStatus() + ")"
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
    }

    /** The systemd EnvironmentFile the monitor's unit reads; the AWS SDK's default chain takes the variables. */
    static byte[] environmentFile(AwsAccessKey key) {
        StringBuilder text = new StringBuilder();
        text.append("# smart-classroom monitor: AWS access key ").append(key.accessKeyId())
                .append(", delivered over SSH by provisioning\n");
        text.append("AWS_ACCESS_KEY_ID=").append(key.accessKeyId()).append('\n');
        text.append("AWS_SECRET_ACCESS_KEY=").append(key.secretAccessKey()).append('\n');
        key.sessionToken().ifPresent(token -> text.append("AWS_SESSION_TOKEN=").append(token).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting for the monitor", e);
        }
    }
}
