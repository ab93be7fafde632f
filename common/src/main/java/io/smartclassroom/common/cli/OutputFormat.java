package io.smartclassroom.common.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its result on stdout: for people ({@code text}) or one JSON document ({@code json}). */
public enum OutputFormat {
    TEXT,
    JSON;

    /** {@code text} or {@code json}, in any case. */
    public static OutputFormat parse(String value) {
        if (value != null) {
            for (OutputFormat format : values()) {
                if (format.name().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("--output must be text or json, got '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** picocli's converter for {@code --output}. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be text or json, got '" + value + "'");
            }
        }
    }
}
