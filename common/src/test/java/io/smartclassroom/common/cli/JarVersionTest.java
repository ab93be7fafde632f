package io.smartclassroom.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class JarVersionTest {

    @Command(name = "tool", mixinStandardHelpOptions = true, versionProvider = JarVersion.class)
    static final class Tool implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void withoutAManifestVersionItSaysSoInsteadOfPrintingNothing() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Tool()).setOut(new PrintWriter(out)).execute("--version");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo("tool (version unknown: not run from its jar)");
    }

    @Test
    void theManifestsTitleAndVersionAreWhatItPrints() {
        // java.lang's package carries the JDK's implementation title and version, read the same way as a jar's.
        Package withManifest = Object.class.getPackage();
        String expected = withManifest.getImplementationVersion() == null
                ? "tool (version unknown: not run from its jar)"
                : withManifest.getImplementationTitle() + " " + withManifest.getImplementationVersion();

        assertThat(JarVersion.describe(withManifest, "tool")).startsWith(expected);
        assertThat(JarVersion.describe(null, "tool")).isEqualTo("tool (version unknown: not run from its jar)");
    }
}
