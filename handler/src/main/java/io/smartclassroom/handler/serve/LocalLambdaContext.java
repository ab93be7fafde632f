package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Context} of one local invocation. Its logger writes to SLF4J. */
final class LocalLambdaContext implements Context {
    private static final Logger functionLog = LoggerFactory.getLogger("lambda");
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            functionLog.info("{}", message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId;
    private final String functionName;
    private final String functionArn;
    private final long deadlineMillis;
    private final int memoryLimitMb;

    LocalLambdaContext(String requestId, String functionName, String functionArn, long deadlineMillis, int memoryLimitMb) {
        this.requestId = requireNonNull(requestId, "requestId");
        this.functionName = requireNonNull(functionName, "functionName");
        this.functionArn = requireNonNull(functionArn, "functionArn");
        this.deadlineMillis = deadlineMillis;
        this.memoryLimitMb = memoryLimitMb;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return LocalInvokeServer.LATEST;
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadlineMillis - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return LOGGER;
    }
}
