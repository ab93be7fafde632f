package io.smartclassroom.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal (where a progress bar can redraw its line). */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: System.console() is there only when the JVM is attached to a terminal
            return System.console() != null;
        }
    }
}
