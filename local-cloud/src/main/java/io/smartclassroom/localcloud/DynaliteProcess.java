package io.smartclassroom.localcloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB: dynalite (from npm) in a Node.js child process on 127.0.0.1. Its tables become ACTIVE at
 * once. The child exits when its standard input closes, so it cannot outlive this JVM; {@link #close}
 * stops it by PID and waits for it.
 */
final class DynaliteProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DynaliteProcess.class);
    private static final String MODULE_PATH = "node_modules/dynalite";

    private final Process process;
    private final URI endpoint;
    private final Path launcher;

    private DynaliteProcess(Process process, URI endpoint, Path launcher) {
        this.process = requireNonNull(process, "process");
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.launcher = requireNonNull(launcher, "launcher");
    }

    static DynaliteProcess start(int requestedPort, Optional<Path> dataDir, Optional<Path> dynaliteHome)
            throws IOException {
        Path module = findModule(dynaliteHome);
        Path launcher = Files.createTempFile("dynalite-launcher", ".js");
        try (InputStream script = DynaliteProcess.class.getResourceAsStream("dynalite-launcher.js")) {
            Files.copy(requireNonNull(script, "dynalite-launcher.js is missing"), launcher,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(
                node(), launcher.toString(), module.toString(), "127.0.0.1", Integer.toString(requestedPort)));
        if (dataDir.isPresent()) {
            command.add(Files.createDirectories(dataDir.get().resolve("dynamodb")).toAbsolutePath().toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> pumpOutput(process, port), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int bound = port.get(30, TimeUnit.SECONDS);
            log.info("dynalite pid={} listening on 127.0.0.1:{}", process.pid(), bound);
            return new DynaliteProcess(process, URI.create("http://127.0.0.1:" + bound), launcher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IOException("interrupted while starting dynalite", e);
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            throw new IOException("dynalite did not start (" + String.join(" ", command) + "): "
                    + (e.getCause() == null ? e : e.getCause().getMessage()), e);
        }
    }

    private static void pumpOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!port.isDone() && line.startsWith("listening ")) {
                    port.complete(Integer.parseInt(line.substring("listening ".length()).trim()));
                } else {
                    log.info("dynalite: {}", line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("dynalite exited with code " + waitFor(process)));
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Finds {@code node_modules/dynalite}: in the configured folder, in {@code DYNALITE_HOME}, or in this
     * folder or one of its parents (the repository root holds the package.json that pins it), searched
     * from the working directory and from this jar's location.
     */
    static Path findModule(Optional<Path> configured) throws IOException {
        List<Path> starts = new ArrayList<>();
        configured.ifPresent(starts::add);
        Optional.ofNullable(System.getenv("DYNALITE_HOME")).map(Paths::get).ifPresent(starts::add);
        if (configured.isEmpty() && System.getenv("DYNALITE_HOME") == null) {
            starts.add(Paths.get("").toAbsolutePath());
            codeLocation().ifPresent(starts::add);
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path module = dir.resolve(MODULE_PATH);
                if (Files.isRegularFile(module.resolve("index.js"))) {
                    return module.toAbsolutePath();
                }
            }
        }
        throw new IOException("dynalite is not installed: run 'npm ci' in the repository root "
                + "(or set DYNALITE_HOME to the folder that holds node_modules/dynalite); looked from " + starts);
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Paths.get(DynaliteProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String node() {
        String node = System.getenv("NODE");
        return node == null || node.isBlank() ? "node" : node;
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        stop(process);
        Files.deleteIfExists(launcher);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process may be gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
