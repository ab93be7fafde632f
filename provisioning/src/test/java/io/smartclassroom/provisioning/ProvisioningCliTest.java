package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line parsing: options anywhere, help everywhere, and down's confirmation. No cloud is reached. */
class ProvisioningCliTest {
    private final List<ProvisioningConfig> opened = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void optionsWorkBeforeAndAfterTheCommand() {
        int before = run(Map.of(), "--local-cloud", "--max-receive-count", "5", "--data", data(), "plan");
        int after = run(Map.of(), "plan", "--visibility-timeout", "1000", "--data", data(), "--region", "eu-west-1");

        assertThat(before).isEqualTo(1);
        assertThat(after).isEqualTo(1);
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).localCloud()).isTrue();
        assertThat(opened.get(0).queueSettings().maxReceiveCount()).isEqualTo(5);
        assertThat(opened.get(1).localCloud()).isFalse();
        assertThat(opened.get(1).queueSettings().visibilityTimeoutSeconds()).isEqualTo(1000);
        assertThat(opened.get(1).region()).contains("eu-west-1");
        assertThat(err.toString()).contains("provisioning: stopped by the test");
    }

    @Test
    void environmentOverridesReachTheConfiguration() {
        run(Map.of("SMART_CLASSROOM_TABLE", "other-students", "SMART_CLASSROOM_LOCAL_CLOUD", "true"), "status");

        assertThat(opened).singleElement().satisfies(config -> {
            assertThat(config.names().table()).isEqualTo("other-students");
            assertThat(config.localCloud()).isTrue();
        });
    }

    @Test
    void downRefusesWithoutYesAndTouchesNothing() {
        int exit = run(Map.of(), "down", "--local-cloud");

        assertThat(exit).isEqualTo(2);
        assertThat(opened).isEmpty();
        assertThat(err.toString()).startsWith("provisioning: refusing to delete without --yes: down deletes buckets"
                + " smart-classroom-input and smart-classroom-output with every object in them")
                .contains("run `down --yes` to confirm");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("plan", "up", "status", "down", "--config", "--local-cloud", "Without a command, runs up");
        for (String command : List.of("plan", "up", "status", "down")) {
            out.getBuffer().setLength(0);
            assertThat(run(Map.of(), command, "--help")).isZero();
            assertThat(out.toString()).contains("Usage: provisioning " + command, "--data");
        }
        assertThat(out.toString()).contains("--yes");
        assertThat(opened).isEmpty();
    }

    @Test
    void theImageAndTheMonitorJarCanBeGivenOnTheCommandLine() {
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/smart-classroom-handler:v7";

        run(Map.of(), "status", "--image-uri", image, "--monitor-jar", "build/monitor.jar");

        assertThat(opened).singleElement().satisfies(config -> {
            assertThat(config.function().imageUri()).contains(image);
            assertThat(config.monitorJarFile()).isEqualTo(Path.of("build/monitor.jar"));
        });
    }

    @Test
    void rotationBelongsToUpAndTheUserDataToPlan() {
        assertThat(run(Map.of(), "up", "--help")).isZero();
        assertThat(out.toString()).contains("--rotate-monitor-key", "--image-uri", "--monitor-jar");
        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "plan", "--help")).isZero();
        assertThat(out.toString()).contains("--show-user-data").doesNotContain("--rotate-monitor-key");

        assertThat(run(Map.of(), "status", "--rotate-monitor-key")).isEqualTo(2);
        assertThat(run(Map.of(), "up", "--show-user-data")).isEqualTo(2);
        assertThat(opened).isEmpty();
    }

    @Test
    void theUserDataNeedsTheOpenStackSide() {
        int exit = run(Map.of(), "plan", "--show-user-data", "--data", data());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("provisioning: --show-user-data needs the OpenStack side: set openstack.enabled=true");
        assertThat(opened).isEmpty();
    }

    @Test
    void anEnabledOpenStackSideIsCheckedBeforeAnyCloudCall() {
        int exit = run(Map.of("SMART_CLASSROOM_OPENSTACK_ENABLED", "true"), "plan", "--data", data());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("provisioning: openstack.image is required when openstack.enabled is true");
        assertThat(opened).isEmpty();
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(run(Map.of(), "up", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
        assertThat(opened).isEmpty();
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = ProvisioningCli.commandLine(config -> {
            opened.add(config);
            throw new ConfigException("stopped by the test");
        }, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String data() {
        return Path.of("..", "data", "student_data.json").toString();
    }
}
