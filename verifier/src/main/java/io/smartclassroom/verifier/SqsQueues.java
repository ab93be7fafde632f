package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Turns a queue given as NAME or URL into its URL, and says which endpoint a client talks to. */
final class SqsQueues {
    private static final Pattern URL = Pattern.compile("(?i)^https?://.*");

    private SqsQueues() {}

    static boolean isUrl(String nameOrUrl) {
        return URL.matcher(nameOrUrl).matches();
    }

    /** The URL of a queue given as a URL (as is) or a name (GetQueueUrl); throws when a name has no queue. */
    static String url(SqsClient sqs, String nameOrUrl) throws QueueDoesNotExistException {
        requireNonNull(nameOrUrl, "nameOrUrl");
        if (isUrl(nameOrUrl)) {
            return nameOrUrl;
        }
        return sqs.getQueueUrl(request -> request.queueName(nameOrUrl)).queueUrl();
    }

    /** The endpoint override, else the regional AWS endpoint: where "queue does not exist" was answered. */
    static String endpoint(SqsClient sqs) {
        return sqs.serviceClientConfiguration().endpointOverride().map(URI::toString)
                .orElseGet(() -> "https://sqs." + sqs.serviceClientConfiguration().region() + ".amazonaws.com");
    }
}
