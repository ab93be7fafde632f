package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the OpenStack side of the deployment manages and how. Every resource is named after {@link #prefix()}
 * and marked with {@link #managedMarker()}, so that {@code down} removes exactly what {@code up} created.
 *
 * @param prefix names every resource ({@code <prefix>-monitor}) and marks it ({@code managed-by=<prefix>})
 * @param cloud the clouds.yaml cloud to use; empty = {@code OS_CLOUD}, else the {@code OS_*} variables
 * @param imageName the Glance image the server boots from
 * @param imageFile a local image file uploaded under {@code imageName} when Glance has no such image
 * @param imageDiskFormat the disk format of {@code imageFile} (qcow2, raw, ...)
 * @param flavorName the Nova flavor of the server
 * @param networkName the Neutron network the server is attached to
 * @param externalNetworkName the network floating IPs come from; empty = no floating IP
 * @param sshCidr the addresses allowed to reach the server with SSH and ICMP; empty = no inbound access at all (the
 *     monitor only polls out)
 * @param publicKeyFile an OpenSSH public key to import as the keypair; empty = generate a key
 * @param privateKeyFile where a generated private key is written (mode 0600)
 * @param activeTimeout how long a new server may take to become ACTIVE
 * @param deleteTimeout how long a deleted server may take to disappear
 * @param pollInterval how often server and image states are polled
 * @param jrePackage the distribution package that provides {@code java} on the server
 * @param systemdUnitFile the monitor's systemd unit, read when the user-data is rendered
 * @param monitorConcurrency {@code MONITOR_CONCURRENCY} for the monitor; empty = the monitor's default
 * @param monitorJar where the server downloads {@code monitor.jar}; empty = the deployment's bootstrap supplies it
 * @param sshUser the image's default login user, whom the keypair lets in (password-less sudo), for delivering the
 *     monitor's AWS key over SSH
 */
public record OpenStackSettings(
        String prefix,
        Optional<String> cloud,
        String imageName,
        Optional<Path> imageFile,
        String imageDiskFormat,
        String flavorName,
        String networkName,
        Optional<String> externalNetworkName,
        Optional<String> sshCidr,
        Optional<Path> publicKeyFile,
        Path privateKeyFile,
        Duration activeTimeout,
        Duration deleteTimeout,
        Duration pollInterval,
        String jrePackage,
        Path systemdUnitFile,
        OptionalInt monitorConcurrency,
        Optional<MonitorJar> monitorJar,
        String sshUser) {

    public static final String DEFAULT_PREFIX = "smart-classroom";
    public static final String DEFAULT_SSH_USER = "ubuntu";

    /** The Nova server metadata key whose value is the prefix. */
    public static final String MANAGED_BY_KEY = "managed-by";

    /** The Nova server metadata key whose value is the id (not the secret) of the monitor's AWS access key. */
    public static final String ACCESS_KEY_METADATA = "aws-access-key-id";

    public OpenStackSettings {
        requireNonNull(prefix, "prefix");
        requireNonNull(cloud, "cloud");
        requireNonNull(imageName, "imageName");
        requireNonNull(imageFile, "imageFile");
        requireNonNull(imageDiskFormat, "imageDiskFormat");
        requireNonNull(flavorName, "flavorName");
        requireNonNull(networkName, "networkName");
        requireNonNull(externalNetworkName, "externalNetworkName");
        requireNonNull(sshCidr, "sshCidr");
        requireNonNull(publicKeyFile, "publicKeyFile");
        requireNonNull(privateKeyFile, "privateKeyFile");
        requireNonNull(activeTimeout, "activeTimeout");
        requireNonNull(deleteTimeout, "deleteTimeout");
        requireNonNull(pollInterval, "pollInterval");
        requireNonNull(jrePackage, "jrePackage");
        requireNonNull(systemdUnitFile, "systemdUnitFile");
        requireNonNull(monitorConcurrency, "monitorConcurrency");
        requireNonNull(monitorJar, "monitorJar");
        requireNonNull(sshUser, "sshUser");
        if (!sshUser.matches("[a-z_][a-z0-9_-]*")) {
            throw new IllegalArgumentException("SSH user '" + sshUser + "' is not a user name");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
    }

    /** The settings with the default SSH user, {@value #DEFAULT_SSH_USER}. */
    public OpenStackSettings(String prefix, Optional<String> cloud, String imageName, Optional<Path> imageFile,
            String imageDiskFormat, String flavorName, String networkName, Optional<String> externalNetworkName,
            Optional<String> sshCidr, Optional<Path> publicKeyFile, Path privateKeyFile, Duration activeTimeout,
            Duration deleteTimeout, Duration pollInterval, String jrePackage, Path systemdUnitFile,
            OptionalInt monitorConcurrency, Optional<MonitorJar> monitorJar) {
        this(prefix, cloud, imageName, imageFile, imageDiskFormat, flavorName, networkName, externalNetworkName, sshCidr,
                publicKeyFile, privateKeyFile, activeTimeout, deleteTimeout, pollInterval, jrePackage, systemdUnitFile,
                monitorConcurrency, monitorJar, DEFAULT_SSH_USER);
    }

    /** Whether {@link #sshCidr} lets the whole internet in ({@code 0.0.0.0/0} or {@code ::/0}). */
    public boolean sshOpenToTheWorld() {
        return sshCidr.filter(cidr -> cidr.equals("0.0.0.0/0") || cidr.equals("::/0")).isPresent();
    }

    /** The warning to print when {@link #sshOpenToTheWorld()}; empty otherwise. */
    public Optional<String> sshWarning() {
        return sshOpenToTheWorld()
                ? Optional.of("openstack.ssh-cidr is " + sshCidr.get() + ": SSH and ping of the monitor server are open to"
                        + " the whole internet; the monitor needs no inbound access: leave it empty, or name your own addresses")
                : Optional.empty();
    }

    /** The server's name; also the name of its security group, keypair and floating IP line. */
    public String serverName() {
        return prefix + "-monitor";
    }

    public String securityGroupName() {
        return serverName();
    }

    public String keypairName() {
        return serverName();
    }

    /**
     * The mark of a resource this tool created: a Glance tag, the value of the Nova metadata item
     * {@value #MANAGED_BY_KEY}, and the start of Neutron descriptions.
     */
    public String managedMarker() {
        return MANAGED_BY_KEY + "=" + prefix;
    }
}
