package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.provisioning.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OpenStackSettingsLoaderTest {
    private static final Path HOME = Path.of("/home/teacher");

    private static Map<String, String> minimal() {
        Map<String, String> file = new HashMap<>();
        file.put("openstack.enabled", "true");
        file.put("openstack.image", "ubuntu-22.04");
        file.put("openstack.flavor", "m1.small");
        file.put("openstack.network", "private");
        file.put("openstack.ssh-cidr", "203.0.113.7/24");
        file.put("input-bucket", "not-an-openstack-key-and-ignored");
        return file;
    }

    @Test
    void disabledMeansNoOpenStackSide() throws ConfigException {
        assertThat(new OpenStackSettingsLoader(Map.of(), HOME).load(Map.of(), "f", Map.of())).isEmpty();
    }

    @Test
    void theMinimalSettingsGetTheDefaults() throws ConfigException {
        OpenStackSettings settings = new OpenStackSettingsLoader(Map.of(), HOME).load(minimal(), "f", Map.of()).orElseThrow();

        assertThat(settings.prefix()).isEqualTo("smart-classroom");
        assertThat(settings.serverName()).isEqualTo("smart-classroom-monitor");
        assertThat(settings.managedMarker()).isEqualTo("managed-by=smart-classroom");
        assertThat(settings.sshCidr()).as("normalized as Neutron stores it").contains("203.0.113.0/24");
        assertThat(settings.privateKeyFile()).isEqualTo(HOME.resolve(".ssh/smart-classroom-monitor.pem"));
        assertThat(settings.imageFile()).isEmpty();
        assertThat(settings.imageDiskFormat()).isEqualTo("qcow2");
        assertThat(settings.externalNetworkName()).isEmpty();
        assertThat(settings.activeTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.jrePackage()).isEqualTo("openjdk-17-jre-headless");
        assertThat(settings.systemdUnitFile()).isEqualTo(Path.of("monitor/src/main/dist/smart-classroom-monitor.service"));
        assertThat(settings.monitorConcurrency()).isEmpty();
        assertThat(settings.monitorJar()).isEmpty();
    }

    @Test
    void sshIsOffUnlessACidrIsGivenAndTheWholeInternetIsWarnedAbout() throws ConfigException {
        Map<String, String> file = minimal();
        file.remove("openstack.ssh-cidr");
        OpenStackSettings off = new OpenStackSettingsLoader(Map.of(), HOME).load(file, "f", Map.of()).orElseThrow();
        assertThat(off.sshCidr()).isEmpty();
        assertThat(off.sshWarning()).isEmpty();

        assertThat(new OpenStackSettingsLoader(Map.of(), HOME).load(minimal(), "f", Map.of()).orElseThrow().sshWarning()).isEmpty();
        for (String world : new String[] {"0.0.0.0/0", "::/0", "0::0/0"}) {
            file.put("openstack.ssh-cidr", world);
            OpenStackSettings open = new OpenStackSettingsLoader(Map.of(), HOME).load(file, "f", Map.of()).orElseThrow();
            assertThat(open.sshOpenToTheWorld()).as(world).isTrue();
            assertThat(open.sshWarning()).as(world).hasValueSatisfying(warning -> assertThat(warning)
                    .startsWith("openstack.ssh-cidr is " + open.sshCidr().orElseThrow() + ": SSH and ping of the monitor server are open"
                            + " to the whole internet"));
        }
    }

    @Test
    void environmentBeatsTheFileAndTheCommandLineBeatsBoth() throws ConfigException {
        Map<String, String> file = minimal();
        file.put("openstack.flavor", "m1.tiny");
        file.put("openstack.prefix", "from-file");
        Map<String, String> environment = Map.of(
                "SMART_CLASSROOM_OPENSTACK_FLAVOR", "m1.large",
                "SMART_CLASSROOM_OPENSTACK_PREFIX", "from-env",
                "SMART_CLASSROOM_OPENSTACK_MONITOR_CONCURRENCY", "16",
                "SMART_CLASSROOM_OPENSTACK_EXTERNAL_NETWORK", "public");

        OpenStackSettings settings = new OpenStackSettingsLoader(environment, HOME)
                .load(file, "f", Map.of("openstack.prefix", "from-cli")).orElseThrow();

        assertThat(settings.flavorName()).isEqualTo("m1.large");
        assertThat(settings.prefix()).isEqualTo("from-cli");
        assertThat(settings.privateKeyFile()).isEqualTo(HOME.resolve(".ssh/from-cli-monitor.pem"));
        assertThat(settings.monitorConcurrency()).isEqualTo(OptionalInt.of(16));
        assertThat(settings.externalNetworkName()).contains("public");
    }

    @Test
    void aJarUrlAndItsChecksumBecomeTheDefaultJar() throws ConfigException {
        Map<String, String> file = minimal();
        file.put("openstack.monitor.jar-url", "https://downloads.example.org/monitor.jar");
        file.put("openstack.monitor.jar-sha256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");

        OpenStackSettings settings = new OpenStackSettingsLoader(Map.of(), HOME).load(file, "f", Map.of()).orElseThrow();

        assertThat(settings.monitorJar()).contains(new MonitorJar("https://downloads.example.org/monitor.jar",
                Optional.of("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")));
    }

    @Test
    void badValuesNameTheSettingAndWhereItCameFrom() {
        OpenStackSettingsLoader loader = new OpenStackSettingsLoader(Map.of(), HOME);
        Map<String, String> noImage = minimal();
        noImage.remove("openstack.image");
        assertThatThrownBy(() -> loader.load(noImage, "provisioning.properties", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("openstack.image is required").hasMessageContaining("SMART_CLASSROOM_OPENSTACK_IMAGE");

        Map<String, String> badCidr = minimal();
        badCidr.put("openstack.ssh-cidr", "everyone");
        assertThatThrownBy(() -> loader.load(badCidr, "provisioning.properties", Map.of()))
                .hasMessageContaining("openstack.ssh-cidr must be a CIDR").hasMessageContaining("'everyone' (from provisioning.properties)");

        Map<String, String> typo = minimal();
        typo.put("openstack.flavour", "m1.small");
        assertThatThrownBy(() -> loader.load(typo, "provisioning.properties", Map.of()))
                .hasMessageContaining("unknown OpenStack setting(s) [openstack.flavour]");

        Map<String, String> badPrefix = minimal();
        badPrefix.put("openstack.prefix", "Smart_Classroom");
        assertThatThrownBy(() -> loader.load(badPrefix, "f", Map.of())).hasMessageContaining("openstack.prefix must be");

        Map<String, String> orphanChecksum = minimal();
        orphanChecksum.put("openstack.monitor.jar-sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThatThrownBy(() -> loader.load(orphanChecksum, "f", Map.of())).hasMessageContaining("openstack.monitor.jar-sha256");

        Map<String, String> badTimeout = minimal();
        badTimeout.put("openstack.server.active-timeout-seconds", "soon");
        assertThatThrownBy(() -> loader.load(badTimeout, "f", Map.of())).hasMessageContaining("an integer from 1 to 7200");
    }

    @Test
    void cidrsAreNormalizedTheWayNeutronStoresThem() {
        assertThat(OpenStackSettingsLoader.normalizeCidr("203.0.113.7/24")).isEqualTo("203.0.113.0/24");
        assertThat(OpenStackSettingsLoader.normalizeCidr("0.0.0.0/0")).isEqualTo("0.0.0.0/0");
        assertThat(OpenStackSettingsLoader.normalizeCidr("198.51.100.23/32")).isEqualTo("198.51.100.23/32");
        assertThat(OpenStackSettingsLoader.normalizeCidr("2001:DB8:0:0:1::1/48")).isEqualTo("2001:db8::/48");
        assertThat(OpenStackSettingsLoader.normalizeCidr("2001:db8:1:0:0:0:0:1/128")).isEqualTo("2001:db8:1::1/128");
        assertThatThrownBy(() -> OpenStackSettingsLoader.normalizeCidr("203.0.113.7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenStackSettingsLoader.normalizeCidr("203.0.113.7/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenStackSettingsLoader.normalizeCidr("example.org/24")).isInstanceOf(IllegalArgumentException.class);
    }
}
