package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to start: which services, on which ports (0 = any free port), whether S3 and DynamoDB keep
 * their data in a folder (empty = S3 in a temporary folder, DynamoDB in memory), and which buckets notify which queues.
 */
public record LocalCloudOptions(
        Set<Service> services,
        Map<Service, Integer> ports,
        Optional<Path> dataDir,
        List<BucketNotification> notifications,
        String region,
        Optional<Path> dynaliteHome,
        LocalCredentials credentials) {

    /** The credentials of {@link #defaults()} ({@link LocalCredentials#TEST}), for tests that embed the local cloud. */
    public static final String ACCESS_KEY = LocalCredentials.TEST.accessKeyId();
    public static final String SECRET_KEY = LocalCredentials.TEST.secretAccessKey();
    public static final String ACCOUNT_ID = "000000000000";

    public LocalCloudOptions {
        services = Set.copyOf(requireNonNull(services, "services"));
        ports = Map.copyOf(requireNonNull(ports, "ports"));
        requireNonNull(dataDir, "dataDir");
        notifications = List.copyOf(requireNonNull(notifications, "notifications"));
        requireNonNull(region, "region");
        requireNonNull(dynaliteHome, "dynaliteHome");
        requireNonNull(credentials, "credentials");
        if (services.isEmpty()) {
            throw new IllegalArgumentException("no service to start");
        }
    }

    /**
     * All three services on free ports, in memory, with the default input bucket notifying the default
     * queue, and the fixed test credentials (the command line gives each run its own: {@link #withCredentials}).
     */
    public static LocalCloudOptions defaults() {
        ResourceNames names = ResourceNames.DEFAULTS;
        return new LocalCloudOptions(
                EnumSet.allOf(Service.class),
                Map.of(),
                Optional.empty(),
                List.of(new BucketNotification(names.inputBucket(), names.queue())),
                "us-east-1",
                Optional.empty(),
                LocalCredentials.TEST);
    }

    public LocalCloudOptions only(Service first, Service... rest) {
        return new LocalCloudOptions(EnumSet.of(first, rest), ports, dataDir, notifications, region, dynaliteHome, credentials);
    }

    public LocalCloudOptions withPort(Service service, int port) {
        Map<Service, Integer> copy = new EnumMap<>(Service.class);
        copy.putAll(ports);
        copy.put(service, port);
        return new LocalCloudOptions(services, copy, dataDir, notifications, region, dynaliteHome, credentials);
    }

    public LocalCloudOptions withDataDir(Path dir) {
        return new LocalCloudOptions(services, ports, Optional.of(dir), notifications, region, dynaliteHome, credentials);
    }

    public LocalCloudOptions withNotifications(List<BucketNotification> newNotifications) {
        return new LocalCloudOptions(services, ports, dataDir, newNotifications, region, dynaliteHome, credentials);
    }

    public LocalCloudOptions withNotification(String bucket, String queueName) {
        List<BucketNotification> copy = new ArrayList<>(notifications);
        copy.add(new BucketNotification(bucket, queueName));
        return withNotifications(copy);
    }

    public LocalCloudOptions withRegion(String newRegion) {
        return new LocalCloudOptions(services, ports, dataDir, notifications, newRegion, dynaliteHome, credentials);
    }

    public LocalCloudOptions withDynaliteHome(Path dir) {
        return new LocalCloudOptions(services, ports, dataDir, notifications, region, Optional.of(dir), credentials);
    }

    public LocalCloudOptions withCredentials(LocalCredentials newCredentials) {
        return new LocalCloudOptions(services, ports, dataDir, notifications, region, dynaliteHome, newCredentials);
    }

    int port(Service service) {
        return ports.getOrDefault(service, 0);
    }
}
