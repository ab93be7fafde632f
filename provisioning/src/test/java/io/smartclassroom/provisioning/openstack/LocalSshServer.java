package io.smartclassroom.provisioning.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An Apache MINA SSH server on 127.0.0.1 for the tests: one host key, public-key login for one user and key, and
 * each exec request run by {@code /bin/sh -c} with {@code bin} first on the PATH (where the tests put stand-ins
 * for {@code sudo} and {@code systemctl}). It records every login attempt and command.
 */
final class LocalSshServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final List<String> logins = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();

    LocalSshServer(String user, PublicKey clientKey, Path bin) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        hostKey = generator.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((name, key, session) -> {
            synchronized (logins) {
                logins.add(name);
            }
            return name.equals(user) && KeyUtils.compareKeys(key, clientKey);
        });
        server.setCommandFactory((channel, command) -> {
            synchronized (commands) {
                commands.add(command);
            }
            return new ShellCommand(command, bin);
        });
        server.start();
    }

    int port() {
        return server.getPort();
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    List<String> logins() {
        synchronized (logins) {
            return List.copyOf(logins);
        }
    }

    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Runs one command through {@code /bin/sh -c}, its standard streams tied to the channel's. */
    private static final class ShellCommand implements Command {
        private final String command;
        private final Path bin;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        ShellCommand(String command, Path bin) {
            this.command = command;
            this.bin = bin;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(this::run, "test-ssh-command");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            int status;
            try {
                ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
                builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
                Process process = builder.start();
                Thread feeder = new Thread(() -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        in.transferTo(stdin);
                    } catch (IOException e) {
                        // the process closed its input early
                    }
                }, "test-ssh-stdin");
                feeder.setDaemon(true);
                feeder.start();
                byte[] stdout = process.getInputStream().readAllBytes();
                byte[] stderr = process.getErrorStream().readAllBytes();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                status = process.exitValue();
                out.write(stdout);
                out.flush();
                err.write(stderr);
                err.flush();
            } catch (IOException | InterruptedException e) {
                status = 255;
            }
            exit.onExit(status);
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
