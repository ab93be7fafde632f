package io.smartclassroom.common.cli;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns what a command threw into one {@link CliFailure}: no AWS credentials or region, an endpoint that cannot be
 * reached (naming its URL and the variable that set it), a missing or unreadable file (naming the option that gave
 * it), the project's own exceptions (their message), and anything else (its type and message).
 */
public final class CliErrors {
    private static final String ENDPOINT_PREFIX = "AWS_ENDPOINT_URL";
    private static final Pattern CONNECT_TO = Pattern.compile("Connect to (\\S+?)(?: \\[[^]]*])? failed");

    private final Map<String, String> environment;

    public CliErrors(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    }

    /** Whether {@code error} is about where the command runs (credentials, region, network), not about one request. */
    public static boolean isEnvironmental(Throwable error) {
        return missingCredentials(error) || missingRegion(error) || unreachable(error).isPresent();
    }

    /** @param parseResult the command line that ran, to name the option a file came from; may be null */
    public CliFailure describe(Throwable error, ParseResult parseResult) {
        requireNonNull(error, "error");
        if (missingCredentials(error)) {
            return new CliFailure("no AWS credentials found",
                    "set AWS_PROFILE (a profile in ~/.aws/credentials or ~/.aws/config), or AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY, or run where an instance or container role is available",
                    ExitCodes.CANNOT_RUN);
        }
        if (missingRegion(error)) {
            return new CliFailure("no AWS region found", "set AWS_REGION (or region in the AWS profile)", ExitCodes.CANNOT_RUN);
        }
        Optional<Throwable> network = unreachable(error);
        if (network.isPresent()) {
            return unreachableEndpoint(error, network.get());
        }
        Optional<Throwable> file = causeOf(error, NoSuchFileException.class, FileNotFoundException.class,
                AccessDeniedException.class);
        if (file.isPresent()) {
            return fileProblem(file.get(), parseResult);
        }
        Throwable own = projectException(error);
        if (own != null) {
            return new CliFailure(message(own), "", ExitCodes.CANNOT_RUN);
        }
        if (error instanceof SdkServiceException service) {
            return new CliFailure(message(service), "", ExitCodes.CANNOT_RUN);
        }
        if (error instanceof IOException || error instanceof UncheckedIOException) {
            return new CliFailure(message(error), "", ExitCodes.CANNOT_RUN);
        }
        return new CliFailure("unexpected " + error.getClass().getName() + (error.getMessage() == null ? "" : ": "
                + error.getMessage()), "run again with --verbose for the stack trace, and report it", ExitCodes.CANNOT_RUN);
    }

    private static boolean missingCredentials(Throwable error) {
        return sdkClientMessage(error).map(m -> m.startsWith("Unable to load credentials")).orElse(false);
    }

    private static boolean missingRegion(Throwable error) {
        return sdkClientMessage(error).map(m -> m.startsWith("Unable to load region")).orElse(false);
    }

    private static Optional<String> sdkClientMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SdkClientException && t.getMessage() != null) {
                return Optional.of(t.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<Throwable> unreachable(Throwable error) {
        return causeOf(error, ConnectException.class, UnknownHostException.class, NoRouteToHostException.class);
    }

    private CliFailure unreachableEndpoint(Throwable error, Throwable network) {
        String target = target(error, network);
        String reason = network instanceof UnknownHostException ? "unknown host"
                : network.getMessage() == null ? network.getClass().getSimpleName()
                : lastClause(network.getMessage()).toLowerCase(Locale.ROOT);
        List<String> variables = variablesPointingAt(target);
        if (!variables.isEmpty()) {
            String names = String.join(" / ", variables);
            return new CliFailure("cannot reach " + environment.get(variables.get(0)) + " (" + names + "): " + reason,
                    "start the service there (e.g. the local cloud) or correct " + names, ExitCodes.CANNOT_RUN);
        }
        return new CliFailure("cannot reach " + target + ": " + reason,
                "check the network, or set " + ENDPOINT_PREFIX + "_<SERVICE> (e.g. " + ENDPOINT_PREFIX
                        + "_S3) to the service's endpoint", ExitCodes.CANNOT_RUN);
    }

    /** The host (and port) the connection was for, from the SDK's message or the network exception. */
    private static String target(Throwable error, Throwable network) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = CONNECT_TO.matcher(t.getMessage());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        if (network instanceof UnknownHostException && network.getMessage() != null) {
            return network.getMessage().split(":")[0].strip();
        }
        return "the endpoint";
    }

    /** The {@code AWS_ENDPOINT_URL*} variables whose URL has the target's host (and port, when it has one). */
    private List<String> variablesPointingAt(String target) {
        URI wanted = uri(target);
        List<String> names = new ArrayList<>();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENDPOINT_PREFIX) && value != null && !value.isBlank() && wanted != null) {
                URI set = uri(value.strip());
                if (set != null && set.getHost() != null && set.getHost().equalsIgnoreCase(wanted.getHost())
                        && (wanted.getPort() < 0 || port(set) == port(wanted))) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    private static URI uri(String text) {
        try {
            URI uri = URI.create(text.contains("://") ? text : "http://" + text);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static CliFailure fileProblem(Throwable file, ParseResult parseResult) {
        String path = file instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile()
                : file.getMessage() == null ? "?" : file.getMessage().replaceFirst(" \\([^)]*\\)$", "");
        String what = file instanceof AccessDeniedException ? "permission denied" : "no such file or directory";
        Optional<String> option = optionGiving(parseResult, path);
        String problem = option.map(name -> name + " " + path + ": " + what).orElse(path + ": " + what);
        String remedy = file instanceof AccessDeniedException ? "make it readable, or give another path"
                : "check the path" + option.map(name -> " given to " + name).orElse("");
        return new CliFailure(problem, remedy, ExitCodes.CANNOT_RUN);
    }

    /** The option (or positional parameter) of the command line whose value is {@code path}. */
    private static Optional<String> optionGiving(ParseResult parseResult, String path) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            for (OptionSpec option : result.matchedOptions()) {
                if (holds(option, path)) {
                    return Optional.of(option.longestName());
                }
            }
            for (ArgSpec positional : result.matchedPositionals()) {
                if (holds(positional, path)) {
                    return Optional.of(positional.paramLabel());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(ArgSpec arg, String path) {
        Object value = arg.getValue();
        if (value instanceof Collection<?> values) {
            return values.stream().anyMatch(item -> String.valueOf(item).equals(path));
        }
        return value != null && String.valueOf(value).equals(path);
    }

    @SafeVarargs
    private static Optional<Throwable> causeOf(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return Optional.of(t);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The first exception in the chain thrown by this project's code (its message is written for the user). */
    private static Throwable projectException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.smartclassroom.") && t.getMessage() != null) {
                return t;
            }
        }
        return null;
    }

    private static String message(Throwable error) {
        return error.getMessage() == null || error.getMessage().isBlank() ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static String lastClause(String message) {
        int colon = message.lastIndexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
