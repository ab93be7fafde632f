package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.aws.AwsResources;
import io.smartclassroom.provisioning.aws.AwsResources.StudentsInput;
import io.smartclassroom.provisioning.aws.CloudClients;
import io.smartclassroom.provisioning.aws.ComputeResources;
import io.smartclassroom.provisioning.aws.CreatedAccessKey;
import io.smartclassroom.provisioning.aws.MonitorKeys;
import io.smartclassroom.provisioning.aws.MonitoringResources;
import io.smartclassroom.provisioning.aws.Queues;
import io.smartclassroom.provisioning.aws.UnavailableResource;
import io.smartclassroom.provisioning.aws.UploadedObject;
import io.smartclassroom.provisioning.aws.Waits;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.config.S3Location;
import io.smartclassroom.provisioning.openstack.AwsAccessKey;
import io.smartclassroom.provisioning.openstack.KeyRotation;
import io.smartclassroom.provisioning.openstack.MonitorKeyAccess;
import io.smartclassroom.provisioning.openstack.MonitorBootstrap;
import io.smartclassroom.provisioning.openstack.MonitorJar;
import io.smartclassroom.provisioning.openstack.OpenStackDeployment;
import io.smartclassroom.provisioning.openstack.OpenStackSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Everything provisioning manages, in the order {@code up} creates it ({@code down} deletes backwards):
 * <ol>
 *   <li>buckets, queues, queue policy, notification, table, students, encodings ({@link AwsResources});</li>
 *   <li>ECR repository, function role, function, monitor user and its access key ({@link ComputeResources});</li>
 *   <li>with OpenStack and no {@code openstack.monitor.jar-url}: {@code monitor.jar} in
 *       {@code s3://<output-bucket>/deploy/monitor.jar};</li>
 *   <li>the OpenStack side ({@link OpenStackDeployment}): image, security group, keypair, server, floating IP.</li>
 * </ol>
 * The server's user-data holds no secret. After it boots, the {@code monitor-credentials} line delivers the monitor's
 * access key over SSH (host key checked against the server's console log) and limits the monitor's policy to the
 * server's floating IP. AWS shows a key's secret only when the key is created, so a server that has no working key
 * gets a new one (and {@code --rotate-monitor-key} replaces a working one): create, deliver, check, then delete the
 * old. The secret is held in memory for that run and goes nowhere but to the server.
 * {@code monitor.jar} reaches the server as a presigned GET URL valid for {@link #JAR_URL_VALIDITY}, checked against
 * its SHA-256.
 */
public final class Deployment {
    /** How long the presigned monitor.jar URL in the user-data stays valid: cloud-init fetches it at first boot. */
    public static final Duration JAR_URL_VALIDITY = Duration.ofHours(3);

    /**
     * What a command brings along besides the configuration.
     *
     * @param students the student records, or why there are none
     * @param encodings the encodings file to upload, if any
     * @param monitorJar the monitor.jar to upload for the OpenStack server, if any
     * @param rotateMonitorKey whether to replace the monitor's access key ({@code up --rotate-monitor-key})
     * @param allowPlaintextSecrets whether to deliver the key although the OpenStack API is plain http or unchecked TLS
     *     ({@code --insecure-allow-plaintext-secrets})
     */
    public record Inputs(StudentsInput students, Optional<LocalFile> encodings, Optional<LocalFile> monitorJar,
            boolean rotateMonitorKey, boolean allowPlaintextSecrets) {
        public Inputs {
            requireNonNull(students, "students");
            requireNonNull(encodings, "encodings");
            requireNonNull(monitorJar, "monitorJar");
        }

        public Inputs(StudentsInput students, Optional<LocalFile> encodings, Optional<LocalFile> monitorJar,
                boolean rotateMonitorKey) {
            this(students, encodings, monitorJar, rotateMonitorKey, false);
        }
    }

    private final ProvisioningConfig config;
    private final Optional<OpenStackSettings> openStack;
    private final CloudClients clients;
    private final Inputs inputs;
    private final Waits waits;
    private final Optional<MonitorKeys> monitorKeys;
    private final Optional<OpenStackDeployment> openStackDeployment;

    /**
     * @param openStack the OpenStack settings when {@code openstack.enabled} is true
     * @param sessions an OpenStack session for the settings, logged in on first use
     */
    public Deployment(ProvisioningConfig config, Optional<OpenStackSettings> openStack, CloudClients clients, Inputs inputs,
            Function<OpenStackSettings, Supplier<OSClientV3>> sessions, Waits waits) {
        this.config = requireNonNull(config, "config");
        this.openStack = requireNonNull(openStack, "openStack");
        this.clients = requireNonNull(clients, "clients");
        this.inputs = requireNonNull(inputs, "inputs");
        this.waits = requireNonNull(waits, "waits");
        requireNonNull(sessions, "sessions");
        boolean servers = openStack.isPresent() && !config.localCloud();
        this.monitorKeys = servers
                ? clients.iam().map(iam -> new MonitorKeys(iam, config.monitorUser(), inputs.rotateMonitorKey()))
                : Optional.empty();
        this.openStackDeployment = servers
                ? openStack.map(settings -> monitorKeys
                        .map(keys -> new OpenStackDeployment(settings, sessions.apply(settings), () -> serverBootstrap(settings),
                                keyAccess(keys)))
                        .orElseGet(() -> new OpenStackDeployment(settings, sessions.apply(settings), () -> serverBootstrap(settings))))
                : Optional.empty();
    }

    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>(AwsResources.of(config, clients, inputs.students(), inputs.encodings()));
        resources.addAll(ComputeResources.of(config, clients, monitorKeys, waits,
                () -> openStackDeployment.map(OpenStackDeployment::monitorSourceCidrs).orElse(List.of())));
        resources.addAll(MonitoringResources.of(config, clients));
        if (config.localCloud()) {
            resources.add(new UnavailableResource("openstack", "monitor server",
                    "not on the local cloud, which does not emulate OpenStack; nothing changed"));
            return List.copyOf(resources);
        }
        if (openStackDeployment.isEmpty()) {
            resources.add(new UnavailableResource("openstack", "monitor server",
                    "not enabled (openstack.enabled=false): the monitor runs elsewhere"));
            return List.copyOf(resources);
        }
        if (openStack.get().monitorJar().isEmpty()) {
            resources.add(monitorJarObject());
        }
        resources.addAll(openStackDeployment.get().resources());
        return List.copyOf(resources);
    }

    /**
     * The server's user-data as {@code up} would render it, secrets redacted, for {@code --show-user-data}. The
     * access key id is the user's current one, or a placeholder when {@code up} has yet to create it.
     *
     * @throws ProvisioningException without OpenStack, or when the user-data cannot be rendered
     */
    public String userDataPreview() {
        OpenStackDeployment deployment = openStackDeployment.orElseThrow(() -> new ProvisioningException(
                config.localCloud() ? "there is no OpenStack server on the local cloud, so no user-data"
                        : "openstack.enabled is false, so there is no server and no user-data"));
        return deployment.renderUserData(bootstrap(openStack.get(), false)).redacted();
    }

    /** The monitor's keys as the OpenStack side delivers and rotates them. */
    private MonitorKeyAccess keyAccess(MonitorKeys keys) {
        KeyRotation.Keys rotated = new KeyRotation.Keys() {
            @Override
            public List<String> ids() {
                return keys.current().stream().map(AccessKeyMetadata::accessKeyId).toList();
            }

            @Override
            public Optional<AwsAccessKey> createdInThisRun() {
                return keys.createdInThisRun().map(Deployment::awsAccessKey);
            }

            @Override
            public AwsAccessKey create() {
                return awsAccessKey(keys.create());
            }

            @Override
            public void delete(String accessKeyId) {
                keys.delete(accessKeyId);
            }
        };
        return new MonitorKeyAccess(rotated, keys::staleReason,
                cidrs -> ComputeResources.restrictMonitorPolicy(config, clients, cidrs), inputs.allowPlaintextSecrets());
    }

    private static AwsAccessKey awsAccessKey(CreatedAccessKey key) {
        try {
            return AwsAccessKey.of(key.accessKeyId(), key.secretAccessKey());
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException("the monitor's access key " + key.accessKeyId() + " cannot be delivered: "
                    + e.getMessage());
        }
    }

    private UploadedObject monitorJarObject() {
        return new UploadedObject(clients.s3(), "monitor-jar", config.monitorJarLocation(), inputs.monitorJar(),
                "no monitor.jar file (" + config.monitorJarFile() + "; --monitor-jar PATH)");
    }

    /** What the server's user-data holds: asked for only when the server is created or replaced. No secret. */
    private MonitorBootstrap serverBootstrap(OpenStackSettings settings) {
        return bootstrap(settings, true);
    }

    private MonitorBootstrap bootstrap(OpenStackSettings settings, boolean forServer) {
        String queue = config.names().queue();
        Region region = clients.region().orElseThrow(() -> new ProvisioningException(
                "no AWS region: set region in the configuration, --region or AWS_REGION"));
        Optional<String> queueUrl = new Queues(clients.sqs()).url(queue);
        if (queueUrl.isEmpty() && forServer) {
            throw new ProvisioningException("queue " + queue + " does not exist; up creates it before the server");
        }
        Optional<MonitorJar> jar = settings.monitorJar().isPresent() ? Optional.empty() : Optional.of(presignedJar());
        try {
            return new MonitorBootstrap(queueUrl.orElse("https://sqs." + region.id() + ".amazonaws.com/ACCOUNT/" + queue),
                    config.names().function(), region.id(), jar);
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException("cannot hand the monitor its settings: " + e.getMessage(), e);
        }
    }

    /**
     * A presigner that signs as the S3 client would: its region, credentials and endpoint (path-style when the
     * endpoint is overridden, as {@link io.smartclassroom.provisioning.aws.SdkCloudClientFactory} does).
     */
    private S3Presigner presigner() {
        S3ServiceClientConfiguration s3 = clients.s3().serviceClientConfiguration();
        S3Presigner.Builder presigner = S3Presigner.builder()
                .region(s3.region())
                .credentialsProvider(s3.credentialsProvider());
        s3.endpointOverride().ifPresent(endpoint -> presigner
                .endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return presigner.build();
    }

    /** A GET URL of the uploaded monitor.jar, signed with these credentials, and the jar's SHA-256. */
    private MonitorJar presignedJar() {
        S3Location location = config.monitorJarLocation();
        LocalFile file = inputs.monitorJar().orElseThrow(() -> new ProvisioningException("no monitor.jar for the server: "
                + config.monitorJarFile() + " does not exist; build it (mvn -pl monitor package), pass --monitor-jar PATH"
                + " or set openstack.monitor.jar-url"));
        try (S3Presigner presigner = presigner()) {
            String url = presigner.presignGetObject(request -> request
                            .signatureDuration(JAR_URL_VALIDITY)
                            .getObjectRequest(get -> get.bucket(location.bucket()).key(location.key())))
                    .url()
                    .toString();
            return new MonitorJar(url, Optional.of(file.sha256()));
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException("cannot hand the server a URL of " + location + ": " + e.getMessage(), e);
        }
    }
}
