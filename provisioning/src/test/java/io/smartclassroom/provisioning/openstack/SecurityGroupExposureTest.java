package io.smartclassroom.provisioning.openstack;

import static io.smartclassroom.provisioning.openstack.CloudScenario.NAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.Outcome;
import io.smartclassroom.provisioning.Provisioner;
import io.smartclassroom.provisioning.ResourceReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security group lets nothing in unless openstack.ssh-cidr is set, removes what it no longer wants, and warns. */
class SecurityGroupExposureTest {
    private static final String RULES = "/network/v2.0/security-group-rules";

    @TempDir
    Path dir;

    private FakeOpenStack fake;

    @BeforeEach
    void startCloud() {
        fake = new FakeOpenStack();
    }

    @AfterEach
    void stopCloud() {
        fake.close();
    }

    @Test
    void withoutACidrTheGroupHasNoIngressRule() {
        CloudScenario.emptyProject(fake);
        SecurityGroupResource group = group(Optional.empty());

        List<ResourceReport> plan = provisioner(group).plan();
        List<ResourceReport> up = provisioner(group).up();

        assertThat(plan.get(0).line()).isEqualTo("security-group " + NAME
                + ": would create (no inbound access (openstack.ssh-cidr is empty))");
        assertThat(up.get(0).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(fake.calls("POST", "/network/v2.0/security-groups")).hasSize(1);
        assertThat(fake.calls("POST", RULES)).isEmpty();
    }

    @Test
    void theSshAndIcmpRulesOfAnEarlierCidrAreRemovedWhenSshIsOff() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());
        fake.on("DELETE", RULES + "/f7d45c89-008e-4bab-88ad-d6811724c51c", request -> new MockResponse().setResponseCode(204));
        fake.on("DELETE", RULES + "/b1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", request -> new MockResponse().setResponseCode(204));
        SecurityGroupResource group = group(Optional.empty());

        List<ResourceReport> plan = provisioner(group).plan();
        List<ResourceReport> up = provisioner(group).up();

        assertThat(plan.get(0).line()).isEqualTo("security-group " + NAME + ": would update: extra rule TCP 22 from 203.0.113.0/24;"
                + " extra rule ICMP from 203.0.113.0/24");
        assertThat(up.get(0).line()).endsWith(": updated: extra rule TCP 22 from 203.0.113.0/24; extra rule ICMP from 203.0.113.0/24"
                + " (removed TCP 22 from 203.0.113.0/24, ICMP from 203.0.113.0/24)");
        assertThat(fake.unmatched()).isEmpty();
        assertThat(fake.apiCalls().stream().filter(call -> Set.of("POST", "DELETE").contains(call.method())).map(FakeOpenStack.Call::key))
                .containsExactly("DELETE " + RULES + "/f7d45c89-008e-4bab-88ad-d6811724c51c",
                        "DELETE " + RULES + "/b1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    }

    @Test
    void theConfiguredCidrsRulesAreKeptAndOthersAdded() {
        CloudScenario.deployedProject(fake, TestKeys.key(2).publicKey());

        assertThat(provisioner(group(Optional.of("203.0.113.0/24"))).plan().get(0).outcome()).isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void aGroupOpenToTheWholeInternetSaysSo() {
        CloudScenario.emptyProject(fake);

        List<ResourceReport> plan = provisioner(group(Optional.of("0.0.0.0/0"))).plan();

        assertThat(plan.get(0).line()).isEqualTo("security-group " + NAME + ": would create (allows TCP 22 from 0.0.0.0/0,"
                + " ICMP from 0.0.0.0/0; WARNING: openstack.ssh-cidr is 0.0.0.0/0: SSH and ping of the monitor server are open"
                + " to the whole internet; the monitor needs no inbound access: leave it empty, or name your own addresses)");
    }

    private SecurityGroupResource group(Optional<String> sshCidr) {
        OpenStackSettings s = CloudScenario.settings(dir);
        OpenStackSettings settings = new OpenStackSettings(s.prefix(), s.cloud(), s.imageName(), s.imageFile(), s.imageDiskFormat(),
                s.flavorName(), s.networkName(), s.externalNetworkName(), sshCidr, s.publicKeyFile(), s.privateKeyFile(),
                s.activeTimeout(), s.deleteTimeout(), s.pollInterval(), s.jrePackage(), s.systemdUnitFile(), s.monitorConcurrency(),
                s.monitorJar());
        return new SecurityGroupResource(new OpenStackApi(CloudScenario.session(fake)), settings);
    }

    private static Provisioner provisioner(SecurityGroupResource group) {
        return new Provisioner(List.of(group), report -> { });
    }
}
