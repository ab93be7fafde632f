package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} of one local invocation. {@link #getRemainingTimeInMillis()} counts down to the
 * invocation's deadline (its start plus the function timeout) on a monotonic clock. Its logger writes to SLF4J.
 */
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
    private final LongSupplier nanoClock;
    private final long deadlineNanos;
    private final int memoryLimitMb;

    /** {@code deadlineNanos} is on {@code nanoClock}'s scale ({@link System#nanoTime()} when served). */
    LocalLambdaContext(String requestId, String functionName, String functionArn, LongSupplier nanoClock, long deadlineNanos,
            int memoryLimitMb) {
        this.requestId = requireNonNull(requestId, "requestId");
        this.functionName = requireNonNull(functionName, "functionName");
        this.functionArn = requireNonNull(functionArn, "functionArn");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.deadlineNanos = deadlineNanos;
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
        long remainingMillis = (deadlineNanos - nanoClock.getAsLong()) / 1_000_000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remainingMillis));
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
