package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * One place settings come from: the command line, the environment or a properties file. Blank values
 * count as absent, so an environment file may list a variable without setting it.
 */
public final class SettingSource {
    private enum Kind { COMMAND_LINE, ENVIRONMENT, FILE }

    private final Kind kind;
    private final String name;
    private final Map<Setting, String> values;

    private SettingSource(Kind kind, String name, Map<Setting, String> values) {
        this.kind = kind;
        this.name = name;
        this.values = new EnumMap<>(Setting.class);
        values.forEach((setting, value) -> {
            if (value != null && !value.isBlank()) {
                this.values.put(setting, value.strip());
            }
        });
    }

    /** Values given as command-line options. */
    public static SettingSource commandLine(Map<Setting, String> values) {
        return new SettingSource(Kind.COMMAND_LINE, "command line", requireNonNull(values, "values"));
    }

    /** The settings' variables ({@code MONITOR_QUEUE_URL}, {@code AWS_REGION}, ...) in {@code environment}. */
    public static SettingSource environment(Map<String, String> environment) {
        requireNonNull(environment, "environment");
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                values.put(setting, value);
            }
        }
        return new SettingSource(Kind.ENVIRONMENT, "environment", values);
    }

    /**
     * Reads a properties file with keys such as {@code queue.url} and {@code concurrency}. An unknown key is
     * an error, so a misspelt setting does not go unnoticed.
     */
    public static SettingSource propertiesFile(Path file) throws IOException {
        requireNonNull(file, "file");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties(properties, file.toString());
    }

    /** Settings from {@code properties} (keys as in a properties file); {@code name} says where they came from. */
    public static SettingSource properties(Properties properties, String name) {
        requireNonNull(properties, "properties");
        requireNonNull(name, "name");
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        TreeSet<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Setting setting = Setting.forKey(key);
            if (setting == null) {
                unknown.add(key);
            } else {
                values.put(setting, properties.getProperty(key));
            }
        }
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            for (Setting setting : Setting.values()) {
                known.add(setting.key());
            }
            throw new IllegalArgumentException(
                    "unknown setting(s) " + unknown + " in " + name + "; known settings: " + known);
        }
        return new SettingSource(Kind.FILE, name, values);
    }

    public Optional<String> value(Setting setting) {
        return Optional.ofNullable(values.get(requireNonNull(setting, "setting")));
    }

    /** Where {@code setting} came from, for error messages: an option, a variable or a file key. */
    public String origin(Setting setting) {
        return switch (kind) {
            case COMMAND_LINE -> "option " + setting.option();
            case ENVIRONMENT -> "environment variable " + setting.environmentVariable();
            case FILE -> "'" + setting.key() + "' in " + name;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
