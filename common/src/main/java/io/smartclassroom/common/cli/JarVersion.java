package io.smartclassroom.common.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version} of every command line: the {@code Implementation-Title} and {@code Implementation-Version} the
 * build writes into the executable jar's manifest ({@code handler 0.1.0}). Run from classes instead of the jar
 * (an IDE, a test), it says that the version is unknown rather than printing nothing.
 */
public final class JarVersion implements IVersionProvider {
    @Spec
    private CommandSpec spec;

    @Override
    public String[] getVersion() {
        Class<?> command = spec.root().userObject().getClass();
        return new String[] {describe(command.getPackage(), spec.root().name())};
    }

    static String describe(Package pkg, String commandName) {
        String title = pkg == null ? null : pkg.getImplementationTitle();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        String name = title == null ? commandName : title;
        if (version == null) {
            return name + " (version unknown: not run from its jar)";
        }
        return name + " " + version + " (Java " + Runtime.version() + ")";
    }
}
