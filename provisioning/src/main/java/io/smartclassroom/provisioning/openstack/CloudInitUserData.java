package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the cloud-init user-data of the monitor server from the templates {@value #TEMPLATE} and
 * {@value #INSTALL_TEMPLATE} (resources next to this class). The server then:
 * <ol>
 *   <li>installs a JRE ({@code jrePackage}, e.g. {@code openjdk-17-jre-headless}) and curl;</li>
 *   <li>creates the unprivileged system user {@value #USER};</li>
 *   <li>writes {@value #ENV_FILE} (queue URL, function name, region, concurrency), mode 0600 owned by
 *       {@value #USER}. No secret: the user-data is readable by every process on the server (metadata service,
 *       config drive) and kept in Nova's database, so the monitor's AWS access key is not in it. Provisioning
 *       delivers the key after boot over SSH into {@value #CREDENTIALS_FILE} ({@link MonitorCredentialsInstaller});</li>
 *   <li>downloads {@code monitor.jar} to {@value #JAR_PATH} from {@link MonitorJar#url()} and checks its
 *       SHA-256 when one is given (the jar is too big for Nova's 64 KiB user-data, so it is never embedded);</li>
 *   <li>installs the systemd unit given as text (the monitor module's {@code smart-classroom-monitor.service})
 *       as {@value #UNIT_PATH} and enables it; the unit starts only once {@value #CREDENTIALS_FILE} exists
 *       ({@code ConditionPathExists}), that is when provisioning has delivered the key and restarted it.</li>
 * </ol>
 */
public final class CloudInitUserData {
    public static final String TEMPLATE = "cloud-init-monitor.yaml";
    public static final String INSTALL_TEMPLATE = "install-monitor.sh";
    public static final String USER = "smart-classroom";
    public static final String ENV_FILE = "/etc/smart-classroom/monitor.env";
    /** The monitor's AWS access key: a systemd EnvironmentFile, root-only (0600), written over SSH after boot. */
    public static final String CREDENTIALS_FILE = "/etc/smart-classroom/credentials";
    public static final String JAR_PATH = "/opt/smart-classroom/monitor.jar";
    public static final String UNIT_NAME = "smart-classroom-monitor.service";
    public static final String UNIT_PATH = "/etc/systemd/system/" + UNIT_NAME;
    public static final String INSTALL_SCRIPT_PATH = "/usr/local/sbin/smart-classroom-install-monitor";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Pattern BLOCK_LINE = Pattern.compile("([ ]*)\\{\\{([a-z_]+)}}[ ]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9.+-]*");

    private final String jrePackage;
    private final OptionalInt concurrency;
    private final Optional<MonitorJar> defaultJar;
    private final String systemdUnit;

    /**
     * @param systemdUnit the text of the monitor's systemd unit
     * @param defaultJar the jar used when the bootstrap names none
     */
    public CloudInitUserData(String jrePackage, OptionalInt concurrency, Optional<MonitorJar> defaultJar, String systemdUnit) {
        this.jrePackage = requireNonNull(jrePackage, "jrePackage");
        this.concurrency = requireNonNull(concurrency, "concurrency");
        this.defaultJar = requireNonNull(defaultJar, "defaultJar");
        this.systemdUnit = requireNonNull(systemdUnit, "systemdUnit");
        if (!PACKAGE.matcher(jrePackage).matches()) {
            throw new IllegalArgumentException("JRE package '" + jrePackage + "' is not a package name");
        }
        if (concurrency.isPresent() && concurrency.getAsInt() < 1) {
            throw new IllegalArgumentException("monitor concurrency must be at least 1, got " + concurrency.getAsInt());
        }
        if (systemdUnit.isBlank()) {
            throw new IllegalArgumentException("the systemd unit is empty");
        }
    }

    /**
     * Renders the user-data for {@code bootstrap}.
     *
     * @throws IllegalArgumentException when no monitor.jar URL is known, or the result exceeds Nova's limit
     */
    public UserData render(MonitorBootstrap bootstrap) {
        requireNonNull(bootstrap, "bootstrap");
        MonitorJar jar = bootstrap.jar().or(() -> defaultJar).orElseThrow(() -> new IllegalArgumentException(
                "no URL to download monitor.jar from: set openstack.monitor.jar-url or let the AWS side supply one"));
        String cloudConfig = render(bootstrap, jar, false);
        String redacted = render(bootstrap, jar, true);
        UserData userData = new UserData(cloudConfig, redacted, unitWarnings());
        int size = userData.base64().length();
        if (size > UserData.NOVA_MAX_BASE64_BYTES) {
            throw new IllegalArgumentException("the user-data is " + size + " bytes in base64, above Nova's limit of "
                    + UserData.NOVA_MAX_BASE64_BYTES + " (is the systemd unit the right file?)");
        }
        return userData;
    }

    private String render(MonitorBootstrap bootstrap, MonitorJar jar, boolean redact) {
        Map<String, String> common = new HashMap<>();
        common.put("user", USER);
        common.put("env_file", ENV_FILE);
        common.put("jar_path", JAR_PATH);
        common.put("unit_name", UNIT_NAME);
        common.put("unit_path", UNIT_PATH);
        common.put("install_script_path", INSTALL_SCRIPT_PATH);

        Map<String, String> script = new HashMap<>(common);
        script.put("jar_url", redact ? jar.redactedUrl() : jar.url());
        script.put("jar_check", jar.sha256()
                .map(sha -> "echo '" + sha + "  '\"$download\" | sha256sum --check --strict -")
                .orElse(": no SHA-256 given for monitor.jar, so it is not checked"));

        Map<String, String> config = new HashMap<>(common);
        config.put("jre_package", jrePackage);
        config.put("monitor_env", monitorEnvironment(bootstrap));
        config.put("systemd_unit", systemdUnit);
        config.put("install_script", fill(template(INSTALL_TEMPLATE), script));
        return fill(template(TEMPLATE), config);
    }

    private String monitorEnvironment(MonitorBootstrap bootstrap) {
        StringBuilder env = new StringBuilder();
        env.append("# smart-classroom monitor settings (EnvironmentFile of ").append(UNIT_NAME).append(")\n");
        env.append("MONITOR_QUEUE_URL=").append(bootstrap.queueUrl()).append('\n');
        env.append("MONITOR_FUNCTION_NAME=").append(bootstrap.functionName()).append('\n');
        env.append("AWS_REGION=").append(bootstrap.region()).append('\n');
        concurrency.ifPresent(n -> env.append("MONITOR_CONCURRENCY=").append(n).append('\n'));
        return env.toString();
    }

    private List<String> unitWarnings() {
        List<String> warnings = new ArrayList<>();
        for (String expected : List.of(JAR_PATH, ENV_FILE, CREDENTIALS_FILE, "User=" + USER)) {
            if (!systemdUnit.contains(expected)) {
                warnings.add("the systemd unit does not mention " + expected);
            }
        }
        return warnings;
    }

    /** Replaces each placeholder once; values are never scanned for placeholders themselves. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            Matcher block = BLOCK_LINE.matcher(line);
            if (block.matches()) {
                appendBlock(out, block.group(1), value(values, block.group(2)));
            } else {
                Matcher inline = PLACEHOLDER.matcher(line);
                StringBuilder filled = new StringBuilder();
                while (inline.find()) {
                    String value = value(values, inline.group(1));
                    if (value.indexOf('\n') >= 0) {
                        throw new IllegalStateException("{{" + inline.group(1) + "}} is multi-line but not alone on its line");
                    }
                    inline.appendReplacement(filled, Matcher.quoteReplacement(value));
                }
                inline.appendTail(filled);
                out.append(filled).append('\n');
            }
        }
        out.setLength(out.length() - 1); // the split added one line after the template's last newline
        return out.toString();
    }

    private static void appendBlock(StringBuilder out, String indent, String value) {
        String normalized = value.replace("\r\n", "\n");
        String text = normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
        String firstLine = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        if (!indent.isEmpty() && (firstLine.startsWith(" ") || firstLine.startsWith("\t"))) {
            // YAML takes a block scalar's indentation from its first line.
            throw new IllegalArgumentException("a text put into the user-data starts with indentation: " + firstLine.strip());
        }
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                out.append('\n');
            } else {
                out.append(indent).append(line).append('\n');
            }
        }
    }

    private static String value(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("the user-data template uses {{" + name + "}}, which has no value");
        }
        return value;
    }

    private static String template(String name) {
        try (InputStream in = CloudInitUserData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing next to " + CloudInitUserData.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
