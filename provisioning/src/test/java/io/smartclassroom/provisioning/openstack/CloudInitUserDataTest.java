package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smartclassroom.provisioning.ProvisioningException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudInitUserDataTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private final CloudInitUserData renderer =
            new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.of(8), Optional.empty(), CloudScenario.UNIT);

    @Test
    void installsTheJreCreatesTheUserAndWritesTheFilesWithTheirModes() throws Exception {
        UserData userData = renderer.render(CloudScenario.bootstrap());

        assertThat(userData.cloudConfig()).startsWith("#cloud-config\n");
        JsonNode config = YAML.readTree(userData.cloudConfig());
        assertThat(texts(config.path("packages"))).contains("openjdk-17-jre-headless", "curl");
        JsonNode user = config.path("users").get(1);
        assertThat(config.path("users").get(0).asText()).isEqualTo("default");
        assertThat(user.path("name").asText()).isEqualTo("smart-classroom");
        assertThat(user.path("system").asBoolean()).isTrue();
        assertThat(user.path("shell").asText()).isEqualTo("/usr/sbin/nologin");

        JsonNode env = file(config, "/etc/smart-classroom/monitor.env");
        assertThat(env.path("permissions").asText()).isEqualTo("0600");
        assertThat(env.path("content").asText().lines()).contains(
                "MONITOR_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/123456789012/smart-classroom-requests",
                "MONITOR_FUNCTION_NAME=smart-classroom-face-recognition",
                "AWS_REGION=us-east-1",
                "MONITOR_CONCURRENCY=8");
        assertThat(env.path("content").asText()).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET", "CREDENTIALS");
        // The AWS key is delivered over SSH after boot: no file of the user-data holds it.
        assertThat(texts(config.path("write_files"), "path")).containsExactly("/etc/smart-classroom/monitor.env",
                "/etc/systemd/system/smart-classroom-monitor.service", CloudInitUserData.INSTALL_SCRIPT_PATH);

        JsonNode unit = file(config, "/etc/systemd/system/smart-classroom-monitor.service");
        assertThat(unit.path("content").asText()).isEqualTo(CloudScenario.UNIT);

        String script = file(config, CloudInitUserData.INSTALL_SCRIPT_PATH).path("content").asText();
        assertThat(script).startsWith("#!/bin/sh\n")
                .contains("chown \"$user:$user\" /etc/smart-classroom/monitor.env\n")
                .contains("chmod 0600 /etc/smart-classroom/monitor.env\n")
                .doesNotContain("credentials")
                .contains("'" + CloudScenario.JAR_URL + "'")
                .contains("echo '" + CloudScenario.JAR_SHA256 + "  '\"$download\" | sha256sum --check --strict -")
                .contains("mv \"$download\" /opt/smart-classroom/monitor.jar")
                .contains("systemctl enable --now smart-classroom-monitor.service");
        assertThat(script.indexOf("sha256sum")).isLessThan(script.indexOf("mv \"$download\""));
        assertThat(texts(config.path("runcmd").get(0))).containsExactly(CloudInitUserData.INSTALL_SCRIPT_PATH);
        assertThat(userData.warnings()).isEmpty();
    }

    @Test
    void theInstallScriptIsValidShell() throws Exception {
        UserData userData = renderer.render(CloudScenario.bootstrap());
        String script = file(YAML.readTree(userData.cloudConfig()), CloudInitUserData.INSTALL_SCRIPT_PATH).path("content").asText();
        Path file = dir.resolve("install.sh");
        Files.writeString(file, script);
        assumeTrue(new File("/bin/sh").canExecute(), "no /bin/sh to check the script with");

        Process check = new ProcessBuilder("/bin/sh", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(check.exitValue()).isZero();
    }

    @Test
    void theRedactedFormHidesTheJarSignatureAndNothingElse() throws Exception {
        UserData userData = renderer.render(CloudScenario.bootstrap());

        assertThat(userData.cloudConfig()).contains(CloudScenario.JAR_SIGNATURE);
        assertThat(userData.redacted())
                .doesNotContain(CloudScenario.JAR_SIGNATURE)
                .contains("https://smart-classroom-artifacts.s3.amazonaws.com/monitor.jar?<redacted>")
                .contains("MONITOR_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/123456789012/smart-classroom-requests");
        assertThat(userData.redacted()).isEqualTo(userData.cloudConfig().replace(
                CloudScenario.JAR_URL.substring(CloudScenario.JAR_URL.indexOf('?') + 1), "<redacted>"));
        assertThat(YAML.readTree(userData.redacted()).path("write_files").size()).isEqualTo(3);
        assertThat(userData.toString()).doesNotContain("X-Amz");
        assertThat(CloudScenario.bootstrap().toString()).doesNotContain(CloudScenario.JAR_SIGNATURE);
    }

    @Test
    void noAwsSecretIsInTheUserData() {
        UserData userData = renderer.render(CloudScenario.bootstrap());

        for (String text : List.of(userData.cloudConfig(), userData.redacted(), new String(
                Base64.getDecoder().decode(userData.base64()), StandardCharsets.UTF_8))) {
            assertThat(text).doesNotContain("AKIAIOSFODNN7EXAMPLE", CloudScenario.AWS_SECRET, "aws_secret_access_key",
                    "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "aws-credentials");
        }
        assertThat(userData.warnings()).isEmpty();
    }

    @Test
    void aUnitThatDoesNotReadTheCredentialsFileIsWarnedAbout() {
        String unit = CloudScenario.UNIT.replace("EnvironmentFile=/etc/smart-classroom/credentials\n", "")
                .replace("ConditionPathExists=/etc/smart-classroom/credentials\n", "");
        UserData userData = new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.empty(), Optional.empty(), unit)
                .render(CloudScenario.bootstrap());

        assertThat(userData.warnings()).containsExactly("the systemd unit does not mention /etc/smart-classroom/credentials");
    }

    @Test
    void base64IsWhatNovaGetsAndStaysUnderItsLimit() {
        UserData userData = renderer.render(CloudScenario.bootstrap());

        assertThat(new String(Base64.getDecoder().decode(userData.base64()), StandardCharsets.UTF_8)).isEqualTo(userData.cloudConfig());
        assertThat(userData.base64().length()).isLessThan(UserData.NOVA_MAX_BASE64_BYTES);
    }

    @Test
    void aUserDataAboveNovasLimitIsRefused() {
        String hugeUnit = CloudScenario.UNIT + "# padding\n".repeat(6_000);
        CloudInitUserData huge = new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.empty(), Optional.empty(), hugeUnit);

        assertThatThrownBy(() -> huge.render(CloudScenario.bootstrap()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above Nova's limit of 65535");
    }

    @Test
    void withoutAJarUrlThereIsNothingToRender() {
        MonitorBootstrap noJar = new MonitorBootstrap("https://sqs.us-east-1.amazonaws.com/1/q", "f", "us-east-1",
                Optional.empty());

        assertThatThrownBy(() -> renderer.render(noJar)).hasMessageContaining("openstack.monitor.jar-url");

        CloudInitUserData withDefault = new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.empty(),
                Optional.of(new MonitorJar("https://downloads.example.org/monitor.jar", Optional.empty())), CloudScenario.UNIT);
        UserData userData = withDefault.render(noJar);
        assertThat(userData.cloudConfig()).contains("'https://downloads.example.org/monitor.jar'")
                .contains(": no SHA-256 given for monitor.jar").doesNotContain("MONITOR_CONCURRENCY");
    }

    @Test
    void aUnitThatDoesNotRunTheInstalledJarIsWarnedAbout() {
        String unit = "[Service]\nExecStart=/usr/bin/java -jar /srv/other.jar\n";
        UserData userData = new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.empty(), Optional.empty(), unit)
                .render(CloudScenario.bootstrap());

        assertThat(userData.warnings()).containsExactly(
                "the systemd unit does not mention /opt/smart-classroom/monitor.jar",
                "the systemd unit does not mention /etc/smart-classroom/monitor.env",
                "the systemd unit does not mention /etc/smart-classroom/credentials",
                "the systemd unit does not mention User=smart-classroom");
    }

    @Test
    void aUnitStartingWithIndentationIsRefusedRatherThanBreakingTheYaml() {
        CloudInitUserData indented = new CloudInitUserData("openjdk-17-jre-headless", OptionalInt.empty(), Optional.empty(),
                "   [Unit]\nDescription=x\n");

        assertThatThrownBy(() -> indented.render(CloudScenario.bootstrap())).hasMessageContaining("starts with indentation");
    }

    @Test
    void valuesAnEnvironmentFileCannotHoldAreRefused() {
        assertThatThrownBy(() -> new MonitorBootstrap("https://sqs/q name", "f", "us-east-1",
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue URL");
        assertThatThrownBy(() -> new MonitorJar("https://x/monitor.jar?a='b'", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("URL-encoded");
        assertThatThrownBy(() -> new MonitorJar("file:///tmp/monitor.jar", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new CloudInitUserData("openjdk; rm -rf /", OptionalInt.empty(), Optional.empty(), CloudScenario.UNIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMonitorModulesUnitRendersWithoutWarnings() throws Exception {
        Path unit = Path.of("..", "monitor", "src", "main", "dist", "smart-classroom-monitor.service");
        assumeTrue(Files.isRegularFile(unit), "the monitor module has no " + unit + " yet");
        OpenStackSettings settings = CloudScenario.settings(dir);
        settings = new OpenStackSettings(settings.prefix(), settings.cloud(), settings.imageName(), settings.imageFile(),
                settings.imageDiskFormat(), settings.flavorName(), settings.networkName(), settings.externalNetworkName(),
                settings.sshCidr(), settings.publicKeyFile(), settings.privateKeyFile(), settings.activeTimeout(),
                settings.deleteTimeout(), settings.pollInterval(), settings.jrePackage(), unit, settings.monitorConcurrency(),
                settings.monitorJar());
        OpenStackDeployment deployment = new OpenStackDeployment(settings, () -> {
            throw new AssertionError("rendering needs no cloud");
        }, CloudScenario::bootstrap);

        UserData userData = deployment.renderUserData(CloudScenario.bootstrap());

        assertThat(userData.warnings()).as("the unit runs the jar, reads the env file and runs as the user").isEmpty();
        assertThat(file(YAML.readTree(userData.cloudConfig()), CloudInitUserData.UNIT_PATH).path("content").asText())
                .isEqualTo(Files.readString(unit).replace("\r\n", "\n"));
    }

    @Test
    void aMissingUnitFileIsAClearFailure() {
        OpenStackSettings settings = CloudScenario.settings(dir);
        OpenStackSettings missing = new OpenStackSettings(settings.prefix(), settings.cloud(), settings.imageName(),
                settings.imageFile(), settings.imageDiskFormat(), settings.flavorName(), settings.networkName(),
                settings.externalNetworkName(), settings.sshCidr(), settings.publicKeyFile(), settings.privateKeyFile(),
                settings.activeTimeout(), settings.deleteTimeout(), settings.pollInterval(), settings.jrePackage(),
                dir.resolve("nope.service"), settings.monitorConcurrency(), settings.monitorJar());

        assertThatThrownBy(() -> new OpenStackDeployment(missing, () -> null, CloudScenario::bootstrap)
                .renderUserData(CloudScenario.bootstrap()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("nope.service does not exist").hasMessageContaining("openstack.monitor.unit-file");
    }

    private static JsonNode file(JsonNode config, String path) {
        for (JsonNode file : config.path("write_files")) {
            if (file.path("path").asText().equals(path)) {
                return file;
            }
        }
        throw new AssertionError("no write_files entry for " + path + " in " + config);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(node -> texts.add(node.asText()));
        } else {
            texts.add(array.asText());
        }
        return texts;
    }
}
