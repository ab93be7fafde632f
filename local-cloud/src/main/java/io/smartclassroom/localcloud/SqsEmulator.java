package io.smartclassroom.localcloud;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** SQS: ElasticMQ in this process, bound to 127.0.0.1. */
final class SqsEmulator implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private SqsEmulator(SQSRestServer server, URI endpoint) {
        this.server = requireNonNull(server, "server");
        this.endpoint = requireNonNull(endpoint, "endpoint");
    }

    static SqsEmulator start(int requestedPort, String region, String accountId) {
        int port = FreePorts.pick(requestedPort);
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new SqsEmulator(server, URI.create("http://127.0.0.1:" + port));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
