package io.smartclassroom.provisioning.openstack;

import static io.smartclassroom.provisioning.openstack.CloudScenario.EXTERNAL_NETWORK_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.FLOATING_IP;
import static io.smartclassroom.provisioning.openstack.CloudScenario.FLOATING_IP_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.IMAGE_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.NAME;
import static io.smartclassroom.provisioning.openstack.CloudScenario.NETWORK_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.PORT_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.SECURITY_GROUP_ID;
import static io.smartclassroom.provisioning.openstack.CloudScenario.SERVER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartclassroom.provisioning.Outcome;
import io.smartclassroom.provisioning.Provisioner;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, up, status and down of the OpenStack side against recorded Keystone, Nova, Neutron and Glance responses. */
class OpenStackDeploymentTest {
    private static final String SERVERS = "/compute/v2.1/servers";

    @TempDir
    Path dir;

    private FakeOpenStack fake;
    private OpenStackSettings settings;
    private final AtomicInteger bootstrapRequests = new AtomicInteger();

    @BeforeEach
    void startCloud() {
        fake = new FakeOpenStack();
        settings = CloudScenario.settings(dir);
    }

    @AfterEach
    void stopCloud() {
        fake.close();
    }

    private Provisioner provisioner(List<ResourceReport> printed) {
        OpenStackDeployment deployment = new OpenStackDeployment(settings, CloudScenario.session(fake), () -> {
            bootstrapRequests.incrementAndGet();
            return CloudScenario.bootstrap();
        }, TestKeys::generator);
        return new Provisioner(deployment.resources(), printed::add);
    }

    private List<ResourceReport> up() {
        return provisioner(new ArrayList<>()).up();
    }

    @Test
    void upCreatesSecurityGroupKeypairServerAndFloatingIpInOrder() throws Exception {
        CloudScenario.emptyProject(fake);

        List<ResourceReport> reports = up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(reports).extracting(ResourceReport::kind, ResourceReport::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("image", Outcome.UNMANAGED),
                org.assertj.core.groups.Tuple.tuple("security-group", Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple("keypair", Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple("server", Outcome.CREATED),
                org.assertj.core.groups.Tuple.tuple("floating-ip", Outcome.CREATED));
        assertThat(writes()).containsExactly(
                "POST /network/v2.0/security-groups",
                "POST /network/v2.0/security-group-rules",
                "POST /network/v2.0/security-group-rules",
                "POST /compute/v2.1/os-keypairs",
                "POST /compute/v2.1/servers",
                "POST /network/v2.0/floatingips");

        // Every API call carries the token Keystone issued; the login is a v3 password login scoped to the project.
        assertThat(fake.apiCalls()).allSatisfy(call -> assertThat(call.token()).isEqualTo(FakeOpenStack.TOKEN));
        JsonNode login = fake.calls("POST", "/identity/v3/auth/tokens").get(0).json().path("auth");
        assertThat(login.path("identity").path("methods").get(0).asText()).isEqualTo("password");
        assertThat(login.path("identity").path("password").path("user").path("name").asText()).isEqualTo("teacher");
        assertThat(login.path("scope").path("project").path("name").asText()).isEqualTo("classroom");
        assertThat(fake.calls("GET", "/network/v2.0/security-groups").get(0).query())
                .contains("name=" + NAME).contains("project_id=" + FakeOpenStack.PROJECT_ID);

        JsonNode group = fake.calls("POST", "/network/v2.0/security-groups").get(0).json().path("security_group");
        assertThat(group.path("name").asText()).isEqualTo(NAME);
        assertThat(group.path("description").asText()).startsWith("managed-by=smart-classroom");
        List<JsonNode> rules = fake.calls("POST", "/network/v2.0/security-group-rules").stream()
                .map(call -> call.json().path("security_group_rule")).collect(Collectors.toList());
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.path("security_group_id").asText()).isEqualTo(SECURITY_GROUP_ID);
            assertThat(rule.path("direction").asText()).isEqualTo("ingress");
            assertThat(rule.path("ethertype").asText()).isEqualTo("IPv4");
            assertThat(rule.path("remote_ip_prefix").asText()).isEqualTo("203.0.113.0/24");
        });
        assertThat(rules.get(0).path("protocol").asText()).isEqualTo("tcp");
        assertThat(rules.get(0).path("port_range_min").asInt()).isEqualTo(22);
        assertThat(rules.get(0).path("port_range_max").asInt()).isEqualTo(22);
        assertThat(rules.get(1).path("protocol").asText()).isEqualTo("icmp");
        assertThat(rules.get(1).has("port_range_min")).isFalse();

        // The keypair is the public half of the private key written locally with mode 0600.
        JsonNode keypair = fake.calls("POST", "/compute/v2.1/os-keypairs").get(0).json().path("keypair");
        assertThat(keypair.path("name").asText()).isEqualTo(NAME);
        Path privateKey = settings.privateKeyFile();
        assertThat(Files.getPosixFilePermissions(privateKey))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(SshKeys.sameKey(keypair.path("public_key").asText(), SshKeys.publicKeyOfPrivateKey(privateKey, ""))).isTrue();
        assertThat(reports.get(2).text()).contains(privateKey.toString()).doesNotContain("PRIVATE KEY");

        JsonNode server = fake.calls("POST", SERVERS).get(0).json().path("server");
        assertThat(server.path("name").asText()).isEqualTo(NAME);
        assertThat(server.path("flavorRef").asText()).isEqualTo("3");
        assertThat(server.path("imageRef").asText()).isEqualTo(IMAGE_ID);
        assertThat(server.path("networks").get(0).path("uuid").asText()).isEqualTo(NETWORK_ID);
        assertThat(server.path("security_groups").get(0).path("name").asText()).isEqualTo(NAME);
        assertThat(server.path("key_name").asText()).isEqualTo(NAME);
        assertThat(server.path("metadata").path("managed-by").asText()).isEqualTo("smart-classroom");
        String userData = new String(Base64.getDecoder().decode(server.path("user_data").asText()), StandardCharsets.UTF_8);
        assertThat(userData).startsWith("#cloud-config")
                .contains("MONITOR_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/123456789012/smart-classroom-requests")
                .doesNotContain(CloudScenario.AWS_SECRET, "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY")
                .contains("ExecStart=/usr/bin/java -jar /opt/smart-classroom/monitor.jar");
        assertThat(bootstrapRequests).hasValue(1);

        // BUILD, BUILD, ACTIVE: polled until ACTIVE, then no more.
        assertThat(fake.calls("GET", SERVERS + "/" + SERVER_ID)).hasSize(3);
        assertThat(reports.get(3).text()).contains("id " + SERVER_ID).contains("ACTIVE").contains("10.0.0.17");

        JsonNode floatingIp = fake.calls("POST", "/network/v2.0/floatingips").get(0).json().path("floatingip");
        assertThat(floatingIp.path("floating_network_id").asText()).isEqualTo(EXTERNAL_NETWORK_ID);
        assertThat(floatingIp.path("port_id").asText()).isEqualTo(PORT_ID);
        assertThat(floatingIp.path("description").asText()).startsWith("managed-by=smart-classroom");
        assertThat(fake.calls("GET", "/network/v2.0/ports").get(0).query()).isEqualTo("device_id=" + SERVER_ID);
        assertThat(java.net.URLDecoder.decode(fake.calls("GET", SERVERS + "/detail").get(0).query(), StandardCharsets.UTF_8))
                .as("Nova matches names as regular expressions").isEqualTo("name=^" + NAME + "$");
        assertThat(reports.get(4).text()).contains(FLOATING_IP);
    }

    @Test
    void secondUpFindsEverythingAndChangesNothing() {
        CloudScenario.emptyProject(fake);
        up();
        String publicKey = fake.calls("POST", "/compute/v2.1/os-keypairs").get(0).json().path("keypair").path("public_key").asText();
        fake.close();
        fake = new FakeOpenStack();
        CloudScenario.deployedProject(fake, publicKey);

        List<ResourceReport> reports = up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(reports).extracting(ResourceReport::outcome).containsExactly(
                Outcome.UNMANAGED, Outcome.UNCHANGED, Outcome.UNCHANGED, Outcome.UNCHANGED, Outcome.UNCHANGED);
        assertThat(bootstrapRequests).as("the AWS side is not asked for credentials again").hasValue(1);
    }

    @Test
    void statusReportsEveryResourceWithoutChangingAnything() throws Exception {
        Files.createDirectories(settings.privateKeyFile().getParent());
        SshKeys.GeneratedKey key = TestKeys.key(1);
        SshKeys.writePrivateKey(settings.privateKeyFile(), key.privateKeyPem());
        CloudScenario.deployedProject(fake, key.publicKey());

        List<ResourceReport> printed = new ArrayList<>();
        provisioner(printed).status();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(printed).extracting(ResourceReport::line).containsExactly(
                "image ubuntu-22.04: existing image " + IMAGE_ID + " (active), not uploaded by this tool: used, never deleted",
                "security-group " + NAME + ": present (id " + SECURITY_GROUP_ID
                        + ", allows TCP 22 from 203.0.113.0/24, ICMP from 203.0.113.0/24)",
                "keypair " + NAME + ": present (fingerprint " + CloudScenario.FINGERPRINT + ", matches " + settings.privateKeyFile() + ")",
                "server " + NAME + ": present (ACTIVE, id " + SERVER_ID + ", m1.small, ubuntu-22.04, private 10.0.0.17)",
                "floating-ip " + NAME + ": present (" + FLOATING_IP + " on the server)");
        assertThat(bootstrapRequests).hasValue(0);
    }

    @Test
    void statusOfAnEmptyProjectSaysAbsent() {
        CloudScenario.emptyProject(fake);

        List<ResourceReport> reports = provisioner(new ArrayList<>()).status();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(reports).extracting(ResourceReport::outcome).containsExactly(
                Outcome.UNMANAGED, Outcome.ABSENT, Outcome.ABSENT, Outcome.ABSENT, Outcome.ABSENT);
    }

    @Test
    void planSaysWhatUpWouldCreateAndWritesNothing() {
        CloudScenario.emptyProject(fake);

        List<ResourceReport> reports = provisioner(new ArrayList<>()).plan();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(reports).extracting(ResourceReport::line).containsExactly(
                "image ubuntu-22.04: existing image " + IMAGE_ID + " (active), not uploaded by this tool: used, never deleted",
                "security-group " + NAME + ": would create (allows TCP 22 from 203.0.113.0/24, ICMP from 203.0.113.0/24)",
                "keypair " + NAME + ": would create (generate an RSA key, private key to " + settings.privateKeyFile() + ")",
                "server " + NAME + ": would create (boot m1.small from image ubuntu-22.04 on network private)",
                "floating-ip " + NAME + ": would create (allocate from public once the server exists)");
        assertThat(settings.privateKeyFile()).doesNotExist();
    }

    @Test
    void downDeletesFloatingIpServerKeypairAndSecurityGroupButNotAForeignImage() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.onResponses("GET", SERVERS + "/" + SERVER_ID,
                FakeOpenStack.json(200, fake.resource("nova-server-active.json").replace("\"ACTIVE\"", "\"ACTIVE\"")),
                FakeOpenStack.json(404, "{\"itemNotFound\": {\"code\": 404, \"message\": \"Instance " + SERVER_ID + " could not be found.\"}}"));
        fake.on("DELETE", "/network/v2.0/floatingips/" + FLOATING_IP_ID, request -> new MockResponse().setResponseCode(204));
        fake.on("DELETE", SERVERS + "/" + SERVER_ID, request -> new MockResponse().setResponseCode(204));
        fake.on("DELETE", "/compute/v2.1/os-keypairs/" + NAME, request -> new MockResponse().setResponseCode(202));
        fake.on("DELETE", "/network/v2.0/security-groups/" + SECURITY_GROUP_ID, request -> new MockResponse().setResponseCode(204));

        List<ResourceReport> reports = provisioner(new ArrayList<>()).down();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).containsExactly(
                "DELETE /network/v2.0/floatingips/" + FLOATING_IP_ID,
                "DELETE " + SERVERS + "/" + SERVER_ID,
                "DELETE /compute/v2.1/os-keypairs/" + NAME,
                "DELETE /network/v2.0/security-groups/" + SECURITY_GROUP_ID);
        assertThat(reports).extracting(ResourceReport::kind, ResourceReport::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("floating-ip", Outcome.DELETED),
                org.assertj.core.groups.Tuple.tuple("server", Outcome.DELETED),
                org.assertj.core.groups.Tuple.tuple("keypair", Outcome.DELETED),
                org.assertj.core.groups.Tuple.tuple("security-group", Outcome.DELETED),
                org.assertj.core.groups.Tuple.tuple("image", Outcome.UNMANAGED));
        assertThat(reports.get(0).text()).contains("released " + FLOATING_IP);
        // The server's deletion is waited for: polled until Nova says 404.
        List<FakeOpenStack.Call> afterDelete = fake.calls().subList(
                fake.calls().indexOf(fake.calls("DELETE", SERVERS + "/" + SERVER_ID).get(0)), fake.calls().size());
        assertThat(afterDelete).extracting(FakeOpenStack.Call::key).contains("GET " + SERVERS + "/" + SERVER_ID);
    }

    @Test
    void downOfAnEmptyProjectDeletesNothing() {
        CloudScenario.emptyProject(fake);

        List<ResourceReport> reports = provisioner(new ArrayList<>()).down();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(reports).extracting(ResourceReport::outcome).containsExactly(
                Outcome.ABSENT, Outcome.ABSENT, Outcome.ABSENT, Outcome.ABSENT, Outcome.UNMANAGED);
    }

    @Test
    void aServerThatGoesToErrorFailsUpWithNovasFaultAndStopsThere() {
        CloudScenario.emptyProject(fake);
        fake.onSequence("GET", SERVERS + "/" + SERVER_ID, 200,
                List.of(fake.resource("nova-server-build.json"), fake.resource("nova-server-error.json")));

        List<ResourceReport> reports = up();

        assertThat(reports.get(3).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reports.get(3).text()).contains("went to ERROR")
                .contains("No valid host was found. There are not enough hosts available.");
        assertThat(reports.get(4).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(writes()).doesNotContain("POST /network/v2.0/floatingips");
    }

    @Test
    void novaRejectingTheServerDoesNotEchoTheUserDataIntoTheReport() {
        CloudScenario.emptyProject(fake);
        fake.on("POST", SERVERS, request -> {
            String userData;
            try {
                userData = FakeOpenStack.JSON.readTree(request.getBody().clone().readUtf8()).path("server").path("user_data").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return FakeOpenStack.json(400, "{\"badRequest\": {\"code\": 400, \"message\": \"Invalid input for field/attribute"
                    + " user_data. Value: " + userData + ". '" + userData + "' is too long\"}}");
        });

        List<ResourceReport> reports = up();

        assertThat(reports.get(3).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reports.get(3).text()).contains("Invalid input for field/attribute user_data").contains("<user-data elided>");
        String userData = fake.calls("POST", SERVERS).get(0).json().path("server").path("user_data").asText();
        assertThat(reports.get(3).text()).doesNotContain(userData.substring(0, 100)).hasSizeLessThan(400);
    }

    @Test
    void aServerStuckInBuildFailsUpAfterTheTimeout() {
        settings = withActiveTimeout(settings, java.time.Duration.ofMillis(200));
        CloudScenario.emptyProject(fake);
        fake.on("GET", SERVERS + "/" + SERVER_ID, 200, fake.resource("nova-server-build.json"));

        List<ResourceReport> reports = up();

        assertThat(reports.get(3).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reports.get(3).text()).contains("is still BUILD after 0 s");
        assertThat(fake.calls("GET", SERVERS + "/" + SERVER_ID).size()).isGreaterThan(3);
    }

    @Test
    void aServerInErrorIsReplacedByUp() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        // The keypair must match the local key for this test to be about the server alone.
        fake.off("GET", "/compute/v2.1/os-keypairs/" + NAME);
        SshKeys.GeneratedKey key = TestKeys.key(1);
        SshKeys.writePrivateKey(settings.privateKeyFile(), key.privateKeyPem());
        fake.on("GET", "/compute/v2.1/os-keypairs/" + NAME, 200, fake.resource("nova-keypair.json")
                .replace("${PUBLIC_KEY}", key.publicKey()).replace("${FINGERPRINT}", CloudScenario.FINGERPRINT));
        String error = fake.resource("nova-server-error.json");
        String errorList = "{\"servers\": [" + error.substring(error.indexOf('{', 1), error.lastIndexOf('}')) + "]}";
        AtomicInteger serverLists = new AtomicInteger();
        fake.on("GET", SERVERS + "/detail", request -> FakeOpenStack.json(200,
                serverLists.incrementAndGet() <= 2 ? errorList : fake.resource("nova-servers-detail.json")));
        fake.onResponses("GET", SERVERS + "/" + SERVER_ID,
                FakeOpenStack.json(404, "{\"itemNotFound\": {\"code\": 404, \"message\": \"Instance could not be found.\"}}"),
                FakeOpenStack.json(200, fake.resource("nova-server-active.json")));
        fake.on("DELETE", SERVERS + "/" + SERVER_ID, request -> new MockResponse().setResponseCode(204));
        fake.on("POST", SERVERS, 202, fake.resource("nova-server-created.json"));

        List<ResourceReport> reports = up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(reports.get(3).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(reports.get(3).text()).contains("state ERROR: No valid host was found");
        assertThat(writes()).containsExactly("DELETE " + SERVERS + "/" + SERVER_ID, "POST " + SERVERS);
    }

    @Test
    void aStaleKeyIsRenewedWithoutRebuildingTheServerButNeverOverAPlainHttpApi() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.off("GET", "/compute/v2.1/os-keypairs/" + NAME);
        SshKeys.GeneratedKey key = TestKeys.key(1);
        SshKeys.writePrivateKey(settings.privateKeyFile(), key.privateKeyPem());
        fake.on("GET", "/compute/v2.1/os-keypairs/" + NAME, 200, fake.resource("nova-keypair.json")
                .replace("${PUBLIC_KEY}", key.publicKey()).replace("${FINGERPRINT}", CloudScenario.FINGERPRINT));
        // the server runs with the key AKIAOLDKEY0000000000, which IAM no longer has
        fake.on("GET", SERVERS + "/detail", 200, fake.resource("nova-servers-detail.json")
                .replace("\"managed-by\": \"smart-classroom\"", "\"managed-by\": \"smart-classroom\", \"aws-access-key-id\": \"AKIAOLDKEY0000000000\""));
        List<String> events = new ArrayList<>();
        KeyRotation.Keys keys = new KeyRotation.Keys() {
            @Override
            public List<String> ids() {
                return List.of();
            }

            @Override
            public Optional<AwsAccessKey> createdInThisRun() {
                return Optional.empty();
            }

            @Override
            public AwsAccessKey create() {
                events.add("create");
                return AwsAccessKey.of("AKIANEWKEY0000000000", CloudScenario.AWS_SECRET);
            }

            @Override
            public void delete(String accessKeyId) {
                events.add("delete " + accessKeyId);
            }
        };
        MonitorKeyAccess access = new MonitorKeyAccess(keys, accessKeyId -> accessKeyId.filter("AKIAOLDKEY0000000000"::equals)
                .map(id -> "its AWS access key " + id + " is no longer an active key of IAM user smart-classroom-monitor"),
                cidrs -> events.add("policy " + cidrs), false);
        OpenStackDeployment deployment = new OpenStackDeployment(settings, CloudScenario.session(fake), () -> {
            bootstrapRequests.incrementAndGet();
            return CloudScenario.bootstrap();
        }, Optional.of(access), TestKeys::generator);

        List<Resource> resources = deployment.resources();
        List<ResourceReport> reports = new Provisioner(resources, report -> { }).up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(reports.get(3).line()).startsWith("server " + NAME + ": exists (");
        ResourceReport credentials = reports.get(reports.size() - 1);
        assertThat(credentials.kind()).isEqualTo("monitor-credentials");
        assertThat(credentials.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(credentials.text()).isEqualTo("failed: refusing to send the monitor's AWS key: the OpenStack API "
                + fake.authUrl() + " is plain http://, and the server's host key is checked against what that API returns;"
                + " use https with TLS verification, or pass --insecure-allow-plaintext-secrets to send it anyway");
        assertThat(new Provisioner(resources, report -> { }).plan().get(reports.size() - 1).text())
                .isEqualTo("would update: its AWS access key AKIAOLDKEY0000000000 is no longer an active key of IAM user"
                        + " smart-classroom-monitor (up delivers a new key, then deletes the old)");
        // Nothing was created, deleted or sent: no key, no policy change, no server rebuilt.
        assertThat(events).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(bootstrapRequests).hasValue(0);
    }

    @Test
    void onlyAnAuthenticatedTlsApiMayVouchForTheHostKey() {
        assertThat(OpenStackDeployment.transportProblem("https://keystone.example.org:5000/v3", false)).isEmpty();
        assertThat(OpenStackDeployment.transportProblem("http://keystone.example.org:5000/v3", false))
                .contains("the OpenStack API http://keystone.example.org:5000/v3 is plain http://");
        assertThat(OpenStackDeployment.transportProblem("HTTP://keystone.example.org/v3", false)).isPresent();
        assertThat(OpenStackDeployment.transportProblem("https://keystone.example.org:5000/v3", true))
                .contains("TLS verification of the OpenStack API https://keystone.example.org:5000/v3 is off (clouds.yaml verify: false)");
    }

    @Test
    void aSpareFloatingIpOfOursIsAssociatedInsteadOfAllocatingAnother() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.on("GET", "/network/v2.0/floatingips", 200, fake.resource("neutron-floatingips-spare.json"));
        fake.on("PUT", "/network/v2.0/floatingips/" + FLOATING_IP_ID, 200, fake.resource("neutron-floatingip-associated.json"));

        List<ResourceReport> printed = new ArrayList<>();
        new Provisioner(List.of(new OpenStackDeployment(settings, CloudScenario.session(fake), CloudScenario::bootstrap, TestKeys::generator)
                .resources().get(4)), printed::add).up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(writes()).containsExactly("PUT /network/v2.0/floatingips/" + FLOATING_IP_ID);
        assertThat(fake.calls("PUT", "/network/v2.0/floatingips/" + FLOATING_IP_ID).get(0).json()
                .path("floatingip").path("port_id").asText()).isEqualTo(PORT_ID);
        assertThat(printed.get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(printed.get(0).text()).contains(FLOATING_IP + " is not associated with the server");
    }

    @Test
    void aConfiguredPublicKeyIsImportedAndNoPrivateKeyIsWritten() throws Exception {
        SshKeys.GeneratedKey key = TestKeys.key(1);
        Path publicKey = dir.resolve("id_rsa.pub");
        Files.writeString(publicKey, key.publicKey() + "\n");
        settings = withPublicKey(settings, publicKey);
        CloudScenario.emptyProject(fake);

        List<ResourceReport> printed = new ArrayList<>();
        new Provisioner(List.of(new OpenStackDeployment(settings, CloudScenario.session(fake), CloudScenario::bootstrap, TestKeys::generator)
                .resources().get(2)), printed::add).up();

        assertThat(fake.calls("POST", "/compute/v2.1/os-keypairs").get(0).json().path("keypair").path("public_key").asText())
                .isEqualTo(key.publicKey());
        assertThat(printed.get(0).text()).isEqualTo("created (imported the public key of " + publicKey + ")");
        assertThat(settings.privateKeyFile()).doesNotExist();
    }

    @Test
    void aKeypairWithAnotherKeyThanTheConfiguredOneIsReplaced() throws Exception {
        SshKeys.GeneratedKey wanted = TestKeys.key(1);
        Path publicKey = dir.resolve("id_rsa.pub");
        Files.writeString(publicKey, wanted.publicKey() + "\n");
        settings = withPublicKey(settings, publicKey);
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.on("DELETE", "/compute/v2.1/os-keypairs/" + NAME, request -> new MockResponse().setResponseCode(202));
        fake.on("POST", "/compute/v2.1/os-keypairs", 200, fake.resource("nova-keypair-created.json")
                .replace("${PUBLIC_KEY}", wanted.publicKey()).replace("${FINGERPRINT}", CloudScenario.FINGERPRINT));

        List<ResourceReport> printed = new ArrayList<>();
        new Provisioner(List.of(new OpenStackDeployment(settings, CloudScenario.session(fake), CloudScenario::bootstrap, TestKeys::generator)
                .resources().get(2)), printed::add).up();

        assertThat(writes()).containsExactly("DELETE /compute/v2.1/os-keypairs/" + NAME, "POST /compute/v2.1/os-keypairs");
        assertThat(printed.get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(printed.get(0).text()).contains("its public key is not the one of " + publicKey);
    }

    @Test
    void aFailedLoginFailsEveryLineWithOneKeystoneRequestAndNoSecret() {
        fake.on("POST", "/identity/v3/auth/tokens", 401,
                "{\"error\": {\"code\": 401, \"message\": \"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}");

        List<ResourceReport> reports = provisioner(new ArrayList<>()).status();

        assertThat(reports).extracting(ResourceReport::outcome).containsOnly(Outcome.FAILED);
        assertThat(reports.get(0).text()).contains("OpenStack login to " + fake.authUrl()).contains("401")
                .doesNotContain(CloudScenario.KEYSTONE_PASSWORD);
        assertThat(fake.calls("POST", "/identity/v3/auth/tokens")).hasSize(1);
        assertThat(fake.apiCalls()).isEmpty();
    }

    @Test
    void aServerOfTheSameNameWithoutOurMarkIsNotTouched() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.on("GET", SERVERS + "/detail", 200, fake.resource("nova-servers-detail.json")
                .replace("\"managed-by\": \"smart-classroom\"", "\"owner\": \"someone\""));

        List<ResourceReport> reports = provisioner(new ArrayList<>()).down();

        ResourceReport server = reports.stream().filter(report -> report.kind().equals("server")).findFirst().orElseThrow();
        assertThat(server.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(server.text()).contains("was not created by this tool");
        assertThat(writes()).doesNotContain("DELETE " + SERVERS + "/" + SERVER_ID);
    }

    private List<String> writes() {
        return fake.apiCalls().stream()
                .filter(call -> Set.of("POST", "PUT", "PATCH", "DELETE").contains(call.method()))
                .map(FakeOpenStack.Call::key)
                .collect(Collectors.toList());
    }

    static OpenStackSettings withActiveTimeout(OpenStackSettings s, java.time.Duration timeout) {
        return new OpenStackSettings(s.prefix(), s.cloud(), s.imageName(), s.imageFile(), s.imageDiskFormat(), s.flavorName(),
                s.networkName(), s.externalNetworkName(), s.sshCidr(), s.publicKeyFile(), s.privateKeyFile(), timeout,
                s.deleteTimeout(), s.pollInterval(), s.jrePackage(), s.systemdUnitFile(), s.monitorConcurrency(), s.monitorJar());
    }

    static OpenStackSettings withPublicKey(OpenStackSettings s, Path publicKey) {
        return new OpenStackSettings(s.prefix(), s.cloud(), s.imageName(), s.imageFile(), s.imageDiskFormat(), s.flavorName(),
                s.networkName(), s.externalNetworkName(), s.sshCidr(), Optional.of(publicKey), s.privateKeyFile(),
                s.activeTimeout(), s.deleteTimeout(), s.pollInterval(), s.jrePackage(), s.systemdUnitFile(),
                s.monitorConcurrency(), s.monitorJar());
    }
}
