package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.cli.CliErrors;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** {@code verifier dlq [--dead-letter-queue Q] [--video KEY] [--max N] [--redrive [--queue Q]]}. */
@Command(
        name = "dlq",
        description = {
                "Lists the messages of the dead-letter queue without consuming them: one line per message"
                        + " (RECEIVES  VIDEO  KIND  ERROR-TYPE  FAILED-AT  REQUEST-ID  REASON), then"
                        + " 'N messages in the dead-letter queue: KIND COUNT, ...'.",
                "With --redrive: sends each listed message (its body and its own attributes) back to the queue it came"
                        + " from, and deletes it from the dead-letter queue once that send succeeded.",
                "Exits 0 when done, 1 when a redrive failed, 2 when it could not run (e.g. a queue does not exist)."},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class DlqCommand implements Callable<Integer> {
    static final Duration HOLD = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(1);
    static final int QUIET_RECEIVES = 3;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--dead-letter-queue", paramLabel = "NAME|URL",
            description = "The dead-letter queue (default: ${DEFAULT-VALUE}).")
    private String deadLetterQueue = ResourceNames.DEFAULTS.deadLetterQueue();

    @Option(names = "--video", paramLabel = "KEY",
            description = "Only the messages for this object key of the input bucket, e.g. 'r1/a.mp4'.")
    private String video;

    @Option(names = "--max", paramLabel = "N", defaultValue = "1000",
            description = "Look at no more than N messages (default ${DEFAULT-VALUE}).")
    private int max;

    @Option(names = "--redrive", description = "Send the listed messages back to their source queue.")
    private boolean redrive;

    @Option(names = "--queue", paramLabel = "NAME|URL",
            description = "With --redrive: where a message without a source-queue attribute goes (default: ${DEFAULT-VALUE}).")
    private String queue = ResourceNames.DEFAULTS.queue();

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final SqsClientFactory clients;

    public DlqCommand(SqsClientFactory clients) {
        this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (max < 1) {
            return VerifierCli.fail(err, "--max must be at least 1, got " + max);
        }
        try (SqsClient sqs = clients.open()) {
            String deadLetterUrl;
            try {
                deadLetterUrl = SqsQueues.url(sqs, deadLetterQueue);
            } catch (SdkException e) {
                return cannotReach(err, sqs, deadLetterQueue, e);
            }
            DeadLetterQueue dlq = new DeadLetterQueue(sqs, deadLetterUrl, new S3EventNotifications(), HOLD, WAIT, QUIET_RECEIVES);
            DeadLetterQueue.Peek peek;
            try {
                peek = dlq.peek(max);
            } catch (SdkException e) {
                return cannotReach(err, sqs, deadLetterQueue, e);
            }
            Set<DeadLetter> held = new LinkedHashSet<>(peek.messages());
            try {
                List<DeadLetter> listed = video == null ? peek.messages()
                        : peek.messages().stream().filter(letter -> letter.isFor(video)).toList();
                if (video != null) {
                    List<DeadLetter> others = peek.messages().stream().filter(letter -> !letter.isFor(video)).toList();
                    dlq.release(others);
                    others.forEach(held::remove);
                }
                DeadLetterTable table = new DeadLetterTable(listed);
                table.lines().forEach(out::println);
                out.println(table.summary());
                out.flush();
                if (peek.stoppedAtMax()) {
                    err.println("verifier: looked at the first " + max + " messages only (--max); the queue may hold more");
                    err.flush();
                }
                return redrive ? redrive(sqs, dlq, listed, held, out, err) : 0;
            } finally {
                releaseQuietly(dlq, held, err);
            }
        } catch (SdkException e) {
            if (CliErrors.isEnvironmental(e)) {
                throw e;
            }
            return VerifierCli.fail(err, e.getMessage());
        }
    }

    private int redrive(SqsClient sqs, DeadLetterQueue dlq, List<DeadLetter> listed, Set<DeadLetter> held,
            PrintWriter out, PrintWriter err) {
        Map<DeadLetter, String> targets = new LinkedHashMap<>();
        String fallback = null;
        for (DeadLetter letter : listed) {
            String source = letter.attribute(DeadLetterAttributes.SOURCE_QUEUE).orElse(null);
            if (source == null) {
                if (fallback == null) {
                    try {
                        fallback = SqsQueues.url(sqs, queue);
                    } catch (SdkException e) {
                        return cannotReach(err, sqs, queue + " (--queue)", e);
                    }
                }
                source = fallback;
            } else if (!SqsQueues.isUrl(source)) {
                try {
                    source = SqsQueues.url(sqs, source);
                } catch (SdkException e) {
                    return cannotReach(err, sqs, source + " (attribute " + DeadLetterAttributes.SOURCE_QUEUE
                            + " of message " + letter.messageId() + ")", e);
                }
            }
            targets.put(letter, source);
        }
        Map<String, Integer> sent = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        targets.forEach((letter, target) -> {
            try {
                dlq.redrive(letter, target);
                held.remove(letter);
                sent.merge(target, 1, Integer::sum);
            } catch (SdkException e) {
                failures.add("failed: message " + letter.messageId() + " ("
                        + (letter.videos().isEmpty() ? "not an S3 event" : String.join(",", letter.videos()))
                        + ") to " + target + ": " + oneLine(e.getMessage()));
            }
        });
        sent.forEach((target, count) -> out.println("redrove " + count + (count == 1 ? " message" : " messages") + " to " + target));
        if (sent.isEmpty()) {
            out.println("redrove 0 messages");
        }
        out.flush();
        failures.forEach(err::println);
        err.flush();
        return failures.isEmpty() ? 0 : VerifierCli.NOT_ALL_CORRECT;
    }

    private static int cannotReach(PrintWriter err, SqsClient sqs, String queue, SdkException e) {
        if (CliErrors.isEnvironmental(e)) {
            throw e; // no credentials, no endpoint: OneLineErrors names what to set
        }
        if (e instanceof QueueDoesNotExistException
                || e instanceof SqsException sqsException && sqsException.awsErrorDetails() != null
                        && String.valueOf(sqsException.awsErrorDetails().errorCode()).contains("NonExistentQueue")) {
            return VerifierCli.fail(err, "queue " + queue + " does not exist at " + SqsQueues.endpoint(sqs));
        }
        return VerifierCli.fail(err, "cannot read queue " + queue + " at " + SqsQueues.endpoint(sqs) + ": " + oneLine(e.getMessage()));
    }

    private static void releaseQuietly(DeadLetterQueue dlq, Set<DeadLetter> held, PrintWriter err) {
        try {
            dlq.release(held);
        } catch (SdkException e) {
            err.println("verifier: could not make " + held.size() + " messages visible again at once (they will be in "
                    + HOLD.toSeconds() + " s): " + oneLine(e.getMessage()));
            err.flush();
        }
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
