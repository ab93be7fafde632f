package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.config.QueueSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS queue with the attributes provisioning owns. The request queue has a visibility timeout above
 * the Lambda timeout, long polling and a redrive policy to the dead-letter queue; the dead-letter queue
 * keeps messages for the longest allowed time. Both carry the tag {@value ManagedTag#KEY} (but on the local cloud).
 */
public final class SqsQueue implements Resource {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where messages go after {@code maxReceiveCount} receives. */
    public record Redrive(String deadLetterQueue, int maxReceiveCount) {
        public Redrive {
            requireNonNull(deadLetterQueue, "deadLetterQueue");
        }
    }

    private final Queues queues;
    private final String kind;
    private final String name;
    private final Map<QueueAttributeName, String> fixedAttributes;
    private final Optional<Redrive> redrive;
    private final String description;
    private final boolean localCloud;

    private SqsQueue(Queues queues, String kind, String name, Map<QueueAttributeName, String> fixedAttributes,
            Optional<Redrive> redrive, String description, boolean localCloud) {
        this.queues = requireNonNull(queues, "queues");
        this.kind = requireNonNull(kind, "kind");
        this.name = requireNonNull(name, "name");
        this.fixedAttributes = Map.copyOf(requireNonNull(fixedAttributes, "fixedAttributes"));
        this.redrive = requireNonNull(redrive, "redrive");
        this.description = requireNonNull(description, "description");
        this.localCloud = localCloud;
    }

    /**
     * @param localCloud whether this is the local cloud, whose SQS (ElasticMQ) accepts but does not keep some
     *     attributes (MessageRetentionPeriod): those it does not report are then not compared
     */
    public static SqsQueue deadLetterQueue(Queues queues, String name, QueueSettings settings, boolean localCloud) {
        int retention = settings.deadLetterRetentionSeconds();
        return new SqsQueue(queues, "dead-letter-queue", name,
                Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(retention)),
                Optional.empty(),
                "retention " + duration(retention), localCloud);
    }

    public static SqsQueue requestQueue(Queues queues, String name, String deadLetterQueue, QueueSettings settings,
            boolean localCloud) {
        return new SqsQueue(queues, "queue", name,
                Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(settings.visibilityTimeoutSeconds()),
                        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, Integer.toString(settings.receiveWaitSeconds())),
                Optional.of(new Redrive(deadLetterQueue, settings.maxReceiveCount())),
                "visibility timeout " + settings.visibilityTimeoutSeconds() + " s, long polling "
                        + settings.receiveWaitSeconds() + " s, to " + deadLetterQueue + " after "
                        + settings.maxReceiveCount() + " receives", localCloud);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ResourceState inspect() {
        Optional<String> url = queues.url(name);
        if (url.isEmpty()) {
            return new ResourceState.Absent(description);
        }
        Map<QueueAttributeName, String> actual = queues.attributes(url.get());
        List<String> differences = new ArrayList<>();
        Optional<String> deadLetterArn = Optional.empty();
        if (redrive.isPresent()) {
            deadLetterArn = queues.arnOf(redrive.get().deadLetterQueue());
            if (deadLetterArn.isEmpty()) {
                differences.add("dead-letter queue " + redrive.get().deadLetterQueue() + " does not exist");
            }
        }
        Map<QueueAttributeName, String> desired = desiredAttributes(deadLetterArn);
        List<QueueAttributeName> unreported = desired.keySet().stream().filter(attribute -> !actual.containsKey(attribute)).toList();
        if (localCloud) {
            desired.keySet().removeAll(unreported);
        }
        differences.addAll(differences(desired, actual));
        if (!localCloud && !ManagedTag.isOn(tags(url.get()))) {
            differences.add(ManagedTag.missing());
        }
        if (!differences.isEmpty()) {
            return new ResourceState.Differs(differences);
        }
        return new ResourceState.Present(localCloud && !unreported.isEmpty()
                ? description + "; the local cloud does not keep " + unreported.stream().map(Object::toString).sorted().toList()
                : description);
    }

    @Override
    public String create() {
        Map<QueueAttributeName, String> attributes = desiredAttributes(requireDeadLetterArn());
        queues.client().createQueue(request -> {
            request.queueName(name).attributes(attributes);
            if (!localCloud) {
                request.tags(ManagedTag.asMap());
            }
        });
        return description;
    }

    @Override
    public String update(ResourceState.Differs current) {
        String url = queues.url(name).orElseThrow(() -> new ProvisioningException("queue " + name + " disappeared"));
        Map<QueueAttributeName, String> attributes = desiredAttributes(requireDeadLetterArn());
        queues.client().setQueueAttributes(request -> request.queueUrl(url).attributes(attributes));
        if (!localCloud && !ManagedTag.isOn(tags(url))) {
            queues.client().tagQueue(request -> request.queueUrl(url).tags(ManagedTag.asMap()));
        }
        return "";
    }

    @Override
    public String delete() {
        Optional<String> url = queues.url(name);
        url.ifPresent(queueUrl -> queues.client().deleteQueue(request -> request.queueUrl(queueUrl)));
        return "";
    }

    private Map<String, String> tags(String url) {
        return queues.client().listQueueTags(request -> request.queueUrl(url)).tags();
    }

    private Optional<String> requireDeadLetterArn() {
        if (redrive.isEmpty()) {
            return Optional.empty();
        }
        String deadLetterQueue = redrive.get().deadLetterQueue();
        return Optional.of(queues.arnOf(deadLetterQueue).orElseThrow(() -> new ProvisioningException(
                "dead-letter queue " + deadLetterQueue + " does not exist; it must be created before " + name)));
    }

    /** The attributes this queue should have, given the ARN of its dead-letter queue when it has one. */
    Map<QueueAttributeName, String> desiredAttributes(Optional<String> deadLetterArn) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(fixedAttributes);
        if (redrive.isPresent() && deadLetterArn.isPresent()) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetterArn.get(), redrive.get().maxReceiveCount()));
        }
        return attributes;
    }

    /** The RedrivePolicy attribute: {@code {"deadLetterTargetArn": ..., "maxReceiveCount": n}}. */
    public static String redrivePolicy(String deadLetterArn, int maxReceiveCount) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("deadLetterTargetArn", requireNonNull(deadLetterArn, "deadLetterArn"));
        policy.put("maxReceiveCount", maxReceiveCount);
        return policy.toString();
    }

    /**
     * Each wanted attribute whose actual value is different, as {@code Name actual -> wanted}. A redrive
     * policy is compared by meaning (its JSON), not by text.
     */
    static List<String> differences(Map<QueueAttributeName, String> desired, Map<QueueAttributeName, String> actual) {
        List<String> differences = new ArrayList<>();
        desired.forEach((attribute, wanted) -> {
            String current = actual.get(attribute);
            boolean same = attribute == QueueAttributeName.REDRIVE_POLICY
                    ? sameRedrivePolicy(wanted, current)
                    : wanted.equals(current);
            if (!same) {
                differences.add(attribute + " " + (current == null ? "unset" : current) + " -> " + wanted);
            }
        });
        return differences;
    }

    static boolean sameRedrivePolicy(String wanted, String actual) {
        if (actual == null || actual.isBlank()) {
            return false;
        }
        try {
            JsonNode a = JSON.readTree(wanted);
            JsonNode b = JSON.readTree(actual);
            return a.path("deadLetterTargetArn").asText().equals(b.path("deadLetterTargetArn").asText())
                    && a.path("maxReceiveCount").asInt(-1) == b.path("maxReceiveCount").asInt(-2);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String duration(int seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + " days";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds + " s";
    }
}
