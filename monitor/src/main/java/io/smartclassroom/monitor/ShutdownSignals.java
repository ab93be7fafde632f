package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the monitor gracefully on SIGTERM (systemd's stop) and SIGINT (Ctrl-C), so the process drains and
 * then exits 0 through the normal path instead of the JVM's 143. A second signal while stopping exits at
 * once. A shutdown hook covers every other way the JVM may go down.
 */
final class ShutdownSignals {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    private final Monitor monitor;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private ShutdownSignals(Monitor monitor) {
        this.monitor = requireNonNull(monitor, "monitor");
    }

    static void install(Monitor monitor) {
        ShutdownSignals signals = new ShutdownSignals(monitor);
        Runtime.getRuntime().addShutdownHook(new Thread(monitor::stop, "monitor-shutdown-hook"));
        signals.handle("TERM");
        signals.handle("INT");
    }

    private void handle(String name) {
        try {
            Signal.handle(new Signal(name), this::onSignal);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.debug("cannot handle SIG{} ({}); the shutdown hook stops the monitor instead", name, e.toString());
        }
    }

    private void onSignal(Signal signal) {
        if (stopping.compareAndSet(false, true)) {
            log.info("SIG{} received: stopping", signal.getName());
            monitor.stop();
        } else {
            log.warn("SIG{} received again: exiting now; unfinished messages become visible again after their "
                    + "visibility timeout", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }
}
