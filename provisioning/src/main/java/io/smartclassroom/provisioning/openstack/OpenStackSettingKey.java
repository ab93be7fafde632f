package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.config.ConfigKey;
import java.util.Optional;

/**
 * Every OpenStack setting of the provisioning configuration file, with its default. Each can also be given as
 * an environment variable: {@code SMART_CLASSROOM_} followed by the key in upper case with {@code .} and
 * {@code -} turned into {@code _} (e.g. {@code openstack.ssh-cidr} → {@code SMART_CLASSROOM_OPENSTACK_SSH_CIDR}).
 */
public enum OpenStackSettingKey {
    ENABLED("openstack.enabled", "false", "true to manage the OpenStack side: the monitor's server and what it needs"),
    CLOUD("openstack.cloud", "", "cloud of clouds.yaml to use; empty = OS_CLOUD, else the OS_* variables"),
    PREFIX("openstack.prefix", OpenStackSettings.DEFAULT_PREFIX,
            "names (<prefix>-monitor) and marks (managed-by=<prefix>) every OpenStack resource"),
    IMAGE("openstack.image", "", "Glance image the server boots from (required), e.g. ubuntu-22.04"),
    IMAGE_FILE("openstack.image.file", "", "local image uploaded as openstack.image when Glance has none; empty = never upload"),
    IMAGE_DISK_FORMAT("openstack.image.disk-format", "qcow2", "disk format of openstack.image.file"),
    FLAVOR("openstack.flavor", "", "Nova flavor of the server (required), e.g. m1.small"),
    NETWORK("openstack.network", "", "Neutron network of the server (required)"),
    EXTERNAL_NETWORK("openstack.external-network", "", "network floating IPs come from; empty = no floating IP"),
    SSH_CIDR("openstack.ssh-cidr", "",
            "addresses allowed to SSH (TCP 22) and ping the server, e.g. 203.0.113.0/24; empty = none (the default: the"
                    + " monitor needs no inbound access; a warning is printed for 0.0.0.0/0 and ::/0)"),
    SSH_USER("openstack.ssh-user", OpenStackSettings.DEFAULT_SSH_USER,
            "the image's login user (with password-less sudo) that provisioning delivers the monitor's AWS key as, over SSH"),
    PUBLIC_KEY_FILE("openstack.public-key-file", "", "OpenSSH public key to import as the keypair; empty = generate one"),
    PRIVATE_KEY_FILE("openstack.private-key-file", "",
            "where a generated private key is written (mode 0600); empty = ~/.ssh/<prefix>-monitor.pem"),
    ACTIVE_TIMEOUT("openstack.server.active-timeout-seconds", "600", "how long a new server may take to become ACTIVE"),
    DELETE_TIMEOUT("openstack.server.delete-timeout-seconds", "300", "how long a deleted server may take to disappear"),
    POLL_INTERVAL("openstack.poll-interval-millis", "5000", "how often server and image states are polled"),
    JRE_PACKAGE("openstack.jre-package", "openjdk-17-jre-headless", "package that provides java on the server"),
    UNIT_FILE("openstack.monitor.unit-file", "monitor/src/main/dist/smart-classroom-monitor.service",
            "the monitor's systemd unit, installed on the server"),
    CONCURRENCY("openstack.monitor.concurrency", "", "MONITOR_CONCURRENCY on the server; empty = the monitor's default"),
    JAR_URL("openstack.monitor.jar-url", "",
            "URL the server downloads monitor.jar from; empty = one the AWS side supplies (e.g. presigned S3)"),
    JAR_SHA256("openstack.monitor.jar-sha256", "", "SHA-256 the downloaded monitor.jar must have; empty = unchecked");

    private final String key;
    private final String defaultValue;
    private final String description;

    OpenStackSettingKey(String key, String defaultValue, String description) {
        this.key = requireNonNull(key, "key");
        this.defaultValue = requireNonNull(defaultValue, "defaultValue");
        this.description = requireNonNull(description, "description");
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String environmentVariable() {
        return ConfigKey.environmentVariable(key);
    }

    public static Optional<OpenStackSettingKey> forKey(String key) {
        for (OpenStackSettingKey candidate : values()) {
            if (candidate.key.equals(key)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} belongs to the OpenStack settings (and so to {@link OpenStackSettingsLoader}). */
    public static boolean isOpenStackKey(String key) {
        return key.startsWith("openstack.");
    }
}
