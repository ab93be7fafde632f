package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds {@link OpenStackSettings} from, in increasing precedence: the defaults of {@link OpenStackSettingKey},
 * the {@code openstack.*} properties of the configuration file, {@code SMART_CLASSROOM_OPENSTACK_*} environment
 * variables and command-line overrides. Unknown {@code openstack.*} keys are an error.
 */
public final class OpenStackSettingsLoader {
    private static final Pattern PREFIX = Pattern.compile("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");
    private static final Set<String> DISK_FORMATS = Set.of("qcow2", "raw", "vmdk", "vdi", "vhd", "vhdx", "iso", "ami", "ari", "aki");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Map<String, String> environment;
    private final Path home;

    /** @param home the user's home, for the default private key file */
    public OpenStackSettingsLoader(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.home = requireNonNull(home, "home");
    }

    private record Setting(String value, String source) {}

    /**
     * @param fileProperties the configuration file's properties (others than {@code openstack.*} are ignored)
     * @param fileName the file's name, for messages
     * @param overrides command-line values by key
     * @return the settings, or empty when {@code openstack.enabled} is false
     */
    public Optional<OpenStackSettings> load(Map<String, String> fileProperties, String fileName, Map<String, String> overrides)
            throws ConfigException {
        requireNonNull(fileProperties, "fileProperties");
        requireNonNull(fileName, "fileName");
        requireNonNull(overrides, "overrides");
        Map<OpenStackSettingKey, Setting> settings = new EnumMap<>(OpenStackSettingKey.class);
        for (OpenStackSettingKey key : OpenStackSettingKey.values()) {
            settings.put(key, new Setting(key.defaultValue(), "default"));
        }
        put(settings, fileProperties, fileName);
        for (OpenStackSettingKey key : OpenStackSettingKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                settings.put(key, new Setting(value.trim(), "environment variable " + key.environmentVariable()));
            }
        }
        put(settings, overrides, "command line");
        if (!bool(settings, OpenStackSettingKey.ENABLED)) {
            return Optional.empty();
        }
        return Optional.of(build(settings));
    }

    private static void put(Map<OpenStackSettingKey, Setting> settings, Map<String, String> values, String source)
            throws ConfigException {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!OpenStackSettingKey.isOpenStackKey(entry.getKey())) {
                continue;
            }
            Optional<OpenStackSettingKey> key = OpenStackSettingKey.forKey(entry.getKey());
            if (key.isEmpty()) {
                unknown.add(entry.getKey());
            } else {
                settings.put(key.get(), new Setting(entry.getValue().trim(), source));
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new ConfigException("unknown OpenStack setting(s) " + unknown + " in " + source + "; known: "
                    + Arrays.stream(OpenStackSettingKey.values()).map(OpenStackSettingKey::key).collect(Collectors.joining(", ")));
        }
    }

    private OpenStackSettings build(Map<OpenStackSettingKey, Setting> settings) throws ConfigException {
        String prefix = value(settings, OpenStackSettingKey.PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            throw invalid(settings, OpenStackSettingKey.PREFIX, "1-40 of a-z 0-9 -, starting with a letter");
        }
        String diskFormat = value(settings, OpenStackSettingKey.IMAGE_DISK_FORMAT).toLowerCase(Locale.ROOT);
        if (!DISK_FORMATS.contains(diskFormat)) {
            throw invalid(settings, OpenStackSettingKey.IMAGE_DISK_FORMAT, "one of " + DISK_FORMATS.stream().sorted().toList());
        }
        Optional<String> sha256 = optional(settings, OpenStackSettingKey.JAR_SHA256);
        Optional<MonitorJar> monitorJar;
        try {
            monitorJar = optional(settings, OpenStackSettingKey.JAR_URL).map(url -> new MonitorJar(url, sha256));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OpenStackSettingKey.JAR_URL.key() + " / " + OpenStackSettingKey.JAR_SHA256.key()
                    + ": " + e.getMessage() + " (from " + settings.get(OpenStackSettingKey.JAR_URL).source() + ")");
        }
        if (monitorJar.isEmpty() && sha256.isPresent()) {
            throw invalid(settings, OpenStackSettingKey.JAR_SHA256, "empty when openstack.monitor.jar-url is");
        }
        OptionalInt concurrency = optional(settings, OpenStackSettingKey.CONCURRENCY).isEmpty()
                ? OptionalInt.empty() : OptionalInt.of(integer(settings, OpenStackSettingKey.CONCURRENCY, 1, 10_000));
        Path privateKey = optional(settings, OpenStackSettingKey.PRIVATE_KEY_FILE).map(Path::of)
                .orElse(home.resolve(".ssh").resolve(prefix + "-monitor.pem"));
        return new OpenStackSettings(
                prefix,
                optional(settings, OpenStackSettingKey.CLOUD),
                required(settings, OpenStackSettingKey.IMAGE),
                optional(settings, OpenStackSettingKey.IMAGE_FILE).map(Path::of),
                diskFormat,
                required(settings, OpenStackSettingKey.FLAVOR),
                required(settings, OpenStackSettingKey.NETWORK),
                optional(settings, OpenStackSettingKey.EXTERNAL_NETWORK),
                sshCidr(settings),
                optional(settings, OpenStackSettingKey.PUBLIC_KEY_FILE).map(Path::of),
                privateKey,
                Duration.ofSeconds(integer(settings, OpenStackSettingKey.ACTIVE_TIMEOUT, 1, 7200)),
                Duration.ofSeconds(integer(settings, OpenStackSettingKey.DELETE_TIMEOUT, 1, 7200)),
                Duration.ofMillis(integer(settings, OpenStackSettingKey.POLL_INTERVAL, 1, 600_000)),
                required(settings, OpenStackSettingKey.JRE_PACKAGE),
                Path.of(required(settings, OpenStackSettingKey.UNIT_FILE)),
                concurrency,
                monitorJar,
                sshUser(settings));
    }

    private static String sshUser(Map<OpenStackSettingKey, Setting> settings) throws ConfigException {
        String user = required(settings, OpenStackSettingKey.SSH_USER);
        if (!user.matches("[a-z_][a-z0-9_-]*")) {
            throw invalid(settings, OpenStackSettingKey.SSH_USER, "a login user name such as ubuntu or debian");
        }
        return user;
    }

    /** A CIDR as Neutron stores it: the network address and the prefix length (203.0.113.7/24 → 203.0.113.0/24). */
    static String normalizeCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no prefix length");
        }
        String address = cidr.substring(0, slash);
        if (!IP_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address");
        }
        if (address.contains(":") != (bytes.length == 16)) {
            throw new IllegalArgumentException("not an IP address");
        }
        int length = Integer.parseInt(cidr.substring(slash + 1));
        if (length < 0 || length > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range");
        }
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return (bytes.length == 4 ? ipv4(bytes) : ipv6(bytes)) + "/" + length;
    }

    private static String ipv4(byte[] bytes) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The SSH CIDR, normalized; empty when SSH is off. */
    private static Optional<String> sshCidr(Map<OpenStackSettingKey, Setting> settings) throws ConfigException {
        OpenStackSettingKey key = OpenStackSettingKey.SSH_CIDR;
        Optional<String> value = optional(settings, key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(normalizeCidr(value.get()));
        } catch (IllegalArgumentException e) {
            throw invalid(settings, key, "a CIDR such as 203.0.113.0/24, or empty for no SSH");
        }
    }

    private static String value(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key) {
        return settings.get(key).value();
    }

    private static Optional<String> optional(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key) {
        String value = value(settings, key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String required(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key) throws ConfigException {
        String value = value(settings, key);
        if (value.isEmpty()) {
            throw new ConfigException(key.key() + " is required when openstack.enabled is true (" + key.description()
                    + "; or set " + key.environmentVariable() + ")");
        }
        return value;
    }

    private static int integer(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key, int min, int max)
            throws ConfigException {
        try {
            int value = Integer.parseInt(value(settings, key));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(settings, key, "an integer from " + min + " to " + max);
    }

    private static boolean bool(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key) throws ConfigException {
        return switch (value(settings, key).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0", "" -> false;
            default -> throw invalid(settings, key, "true or false");
        };
    }

    private static ConfigException invalid(Map<OpenStackSettingKey, Setting> settings, OpenStackSettingKey key, String expected) {
        Setting setting = settings.get(key);
        return new ConfigException(key.key() + " must be " + expected + ", got '" + setting.value() + "' (from "
                + setting.source() + ")");
    }
}
