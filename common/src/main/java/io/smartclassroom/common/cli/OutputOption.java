package io.smartclassroom.common.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}, a picocli mixin ({@code @Mixin OutputOption output;}) for every command that prints a
 * result. With {@code json} the command prints exactly one JSON document on stdout and nothing else there (logs and
 * progress go to stderr); the document's shape is documented in the README per command.
 */
public final class OutputOption {
    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text (default) or json: one JSON document on stdout.")
    private OutputFormat format = OutputFormat.TEXT;

    public OutputFormat format() {
        return format;
    }

    public boolean json() {
        return format == OutputFormat.JSON;
    }

    /** Prints {@code document} (records, maps, lists, Jackson trees) as one pretty-printed JSON document. */
    public static void printJson(PrintWriter out, Object document) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the JSON output", e);
        }
        out.flush();
    }
}
