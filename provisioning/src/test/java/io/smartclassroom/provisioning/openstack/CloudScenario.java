package io.smartclassroom.provisioning.openstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The test cloud's fixed ids, the settings that point at them, and the recorded responses of an empty project
 * and of one where {@code up} has run.
 */
final class CloudScenario {
    static final String IMAGE_ID = "c0e6cb1d-6c0e-4f2b-8b6b-2a8b0f2d5a11";
    static final String UPLOADED_IMAGE_ID = "5f1d4a6e-2b7c-4d8e-9f0a-1b2c3d4e5f60";
    static final String NETWORK_ID = "a87cc70a-3e15-4acf-8205-9b711a3531b7";
    static final String EXTERNAL_NETWORK_ID = "0232c17f-2096-49bc-b205-d3dcd9a30ebf";
    static final String SECURITY_GROUP_ID = "2076db17-a522-4506-91de-c6dd8e837028";
    static final String SERVER_ID = "9168b536-cd40-4630-b43f-b259807c6e87";
    static final String PORT_ID = "ce531f90-199f-48c0-816c-13e38010b442";
    static final String FLOATING_IP_ID = "2f245a7b-796b-4f26-9cf9-9e82d248fda7";
    static final String FLOATING_IP = "203.0.113.45";
    static final String NAME = "smart-classroom-monitor";
    static final String FINGERPRINT = "3c:5e:8d:7a:11:09:2f:aa:b4:51:7e:c2:90:13:6d:e8";

    static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String JAR_SIGNATURE = "X-Amz-Signature=8f4e2b9c1d7a6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c";
    static final String JAR_URL = "https://smart-classroom-artifacts.s3.amazonaws.com/monitor.jar"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&" + JAR_SIGNATURE;
    static final String JAR_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String KEYSTONE_PASSWORD = "correct-horse-battery-staple";

    static final String UNIT = """
            [Unit]
            Description=smart-classroom monitor: SQS requests to Lambda invocations
            After=network-online.target
            Wants=network-online.target
            ConditionPathExists=/etc/smart-classroom/credentials

            [Service]
            User=smart-classroom
            EnvironmentFile=/etc/smart-classroom/monitor.env
            EnvironmentFile=/etc/smart-classroom/credentials
            ExecStart=/usr/bin/java -jar /opt/smart-classroom/monitor.jar
            Restart=on-failure

            [Install]
            WantedBy=multi-user.target
            """;

    private CloudScenario() {}

    static OpenStackSettings settings(Path dir) {
        Path unit = dir.resolve("smart-classroom-monitor.service");
        try {
            if (!Files.exists(unit)) {
                Files.writeString(unit, UNIT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OpenStackSettings(
                "smart-classroom",
                Optional.empty(),
                "ubuntu-22.04",
                Optional.empty(),
                "qcow2",
                "m1.small",
                "private",
                Optional.of("public"),
                Optional.of("203.0.113.0/24"),
                Optional.empty(),
                dir.resolve("ssh").resolve("smart-classroom-monitor.pem"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofMillis(10),
                "openjdk-17-jre-headless",
                unit,
                OptionalInt.of(8),
                Optional.empty());
    }

    static MonitorBootstrap bootstrap() {
        return new MonitorBootstrap(
                "https://sqs.us-east-1.amazonaws.com/123456789012/smart-classroom-requests",
                "smart-classroom-face-recognition",
                "us-east-1",
                Optional.of(new MonitorJar(JAR_URL, Optional.of(JAR_SHA256))));
    }

    static OpenStackCredentials credentials(FakeOpenStack fake) {
        return new OpenStackCredentials(fake.authUrl(),
                new KeystoneAuth.Password(NameOrId.name("teacher"), NameOrId.id("default"), KEYSTONE_PASSWORD,
                        NameOrId.name("classroom"), NameOrId.id("default")),
                Optional.of("RegionOne"), true, "test credentials");
    }

    static OpenStackSession session(FakeOpenStack fake) {
        return new OpenStackSession(() -> credentials(fake));
    }

    /** Read-only look-ups that answer the same whatever the state. */
    static void lookups(FakeOpenStack fake) {
        fake.on("GET", "/compute/v2.1/flavors/detail", 200, fake.resource("nova-flavors.json"));
        fake.on("GET", "/compute/v2.1/flavors/3", 200, fake.resource("nova-flavor-3.json"));
        fake.on("GET", "/network/v2.0/networks?name=private", 200, fake.resource("neutron-networks-private.json"));
        fake.on("GET", "/network/v2.0/networks?name=public", 200, fake.resource("neutron-networks-public.json"));
        fake.on("GET", "/image/v2/images", 200, fake.resource("glance-images-existing.json"));
        fake.on("GET", "/image/v2/images/" + IMAGE_ID, 200, fake.resource("glance-image-existing.json"));
    }

    /**
     * A project with the image but nothing of ours; creating the server makes it appear in the server list,
     * BUILD twice and then ACTIVE.
     */
    static void emptyProject(FakeOpenStack fake) {
        lookups(fake);
        AtomicBoolean serverCreated = new AtomicBoolean();
        String servers = fake.resource("nova-servers-detail.json");
        fake.on("GET", "/network/v2.0/security-groups", 200, "{\"security_groups\": []}");
        fake.on("POST", "/network/v2.0/security-groups", 201, fake.resource("neutron-security-group-created.json"));
        fake.on("POST", "/network/v2.0/security-group-rules", 201, fake.resource("neutron-security-group-rule-ssh.json"));
        fake.on("GET", "/compute/v2.1/os-keypairs/" + NAME, 404, fake.resource("nova-keypair-not-found.json"));
        fake.on("POST", "/compute/v2.1/os-keypairs", request -> FakeOpenStack.json(200, keypairEcho(fake, request.getBody().clone().readUtf8())));
        fake.on("GET", "/compute/v2.1/servers/detail", request -> FakeOpenStack.json(200,
                serverCreated.get() ? servers : "{\"servers\": []}"));
        fake.on("POST", "/compute/v2.1/servers", request -> {
            serverCreated.set(true);
            return FakeOpenStack.json(202, fake.resource("nova-server-created.json"));
        });
        fake.onSequence("GET", "/compute/v2.1/servers/" + SERVER_ID, 200, List.of(
                fake.resource("nova-server-build.json"), fake.resource("nova-server-build.json"),
                fake.resource("nova-server-active.json")));
        fake.on("GET", "/network/v2.0/ports", 200, fake.resource("neutron-ports.json"));
        fake.on("GET", "/network/v2.0/floatingips", 200, "{\"floatingips\": []}");
        fake.on("POST", "/network/v2.0/floatingips", 201, fake.resource("neutron-floatingip-created.json"));
    }

    /** Everything {@code up} makes exists; the keypair holds {@code publicKey}. */
    static void deployedProject(FakeOpenStack fake, String publicKey) {
        lookups(fake);
        fake.on("GET", "/network/v2.0/security-groups", 200, fake.resource("neutron-security-groups-existing.json"));
        fake.on("GET", "/compute/v2.1/os-keypairs/" + NAME, 200, fake.resource("nova-keypair.json")
                .replace("${PUBLIC_KEY}", publicKey).replace("${FINGERPRINT}", FINGERPRINT));
        fake.on("GET", "/compute/v2.1/servers/detail", 200, fake.resource("nova-servers-detail.json"));
        fake.on("GET", "/compute/v2.1/servers/" + SERVER_ID, 200, fake.resource("nova-server-active.json"));
        fake.on("GET", "/network/v2.0/ports", 200, fake.resource("neutron-ports.json"));
        fake.on("GET", "/network/v2.0/floatingips", 200, fake.resource("neutron-floatingips-associated.json"));
    }

    private static String keypairEcho(FakeOpenStack fake, String requestBody) {
        String publicKey;
        try {
            publicKey = FakeOpenStack.JSON.readTree(requestBody).path("keypair").path("public_key").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake.resource("nova-keypair-created.json").replace("${PUBLIC_KEY}", publicKey).replace("${FINGERPRINT}", FINGERPRINT);
    }
}
