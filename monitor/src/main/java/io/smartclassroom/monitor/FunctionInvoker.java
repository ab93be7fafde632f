package io.smartclassroom.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.DeadLetterAttributes;
import io.smartclassroom.common.VideoRejectedException;
import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Invokes the function with a message body and classifies the answer into an {@link InvokeOutcome}: success,
 * the function's permanent rejection of the video, a function error worth retrying, a throttle, or the function
 * being unavailable (which is never counted against the video).
 */
final class FunctionInvoker {
    private static final int MAX_DETAIL = 300;

    private final String functionName;
    private final software.amazon.awssdk.services.lambda.model.InvocationType invocationType;
    private final LambdaClient lambda;
    private final ObjectMapper json;

    FunctionInvoker(MonitorConfig config, LambdaClient lambda, ObjectMapper json) {
        requireNonNull(config, "config");
        this.functionName = config.functionName();
        this.invocationType = config.invocationType();
        this.lambda = requireNonNull(lambda, "lambda");
        this.json = requireNonNull(json, "json");
    }

    InvokeOutcome invoke(String body) {
        requireNonNull(body, "body");
        InvokeResponse response;
        try {
            response = lambda.invoke(request -> request.functionName(functionName)
                    .invocationType(invocationType)
                    .payload(SdkBytes.fromUtf8String(body)));
        } catch (TooManyRequestsException e) {
            return new InvokeOutcome.Throttled(orDash(e.requestId()), OneLine.of(e));
        } catch (AwsServiceException e) {
            return classify(e);
        } catch (SdkClientException e) {
            // connection refused, reset, I/O, API call (attempt) timeouts: the function was not reached
            return new InvokeOutcome.Unavailable("-", OneLine.of(e));
        } catch (SdkException e) {
            return new InvokeOutcome.Unavailable("-", OneLine.of(e));
        }
        String requestId = orDash(response.responseMetadata().requestId());
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            return functionError(requestId, response.functionError(), payload);
        }
        int status = response.statusCode() == null ? 0 : response.statusCode();
        if (status < 200 || status > 299) {
            return new InvokeOutcome.FunctionFailed(requestId, "status " + status, truncate(payload));
        }
        return new InvokeOutcome.Succeeded(requestId, payload.isEmpty() ? "status " + status : truncate(payload), payload);
    }

    /** A service error of Lambda itself: 429 and 5xx (and a function that cannot be found or called) hold the message. */
    private static InvokeOutcome classify(AwsServiceException e) {
        String requestId = orDash(e.requestId());
        int status = e.statusCode();
        if (status == 429 || e.isThrottlingException()) {
            return new InvokeOutcome.Throttled(requestId, OneLine.of(e));
        }
        if (status >= 500 || status == 403 || status == 404 || status == 0) {
            return new InvokeOutcome.Unavailable(requestId, OneLine.of(e));
        }
        String errorType = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "status " + status : e.awsErrorDetails().errorCode();
        return new InvokeOutcome.FunctionFailed(requestId, errorType, OneLine.of(e));
    }

    private InvokeOutcome functionError(String requestId, String functionError, String payload) {
        String errorType = functionError;
        String message = truncate(payload);
        try {
            JsonNode error = json.readTree(payload);
            if (error != null && error.isObject()) {
                errorType = error.path("errorType").asText(functionError);
                message = OneLine.truncate(error.path("errorMessage").asText(payload));
            }
        } catch (IOException e) {
            // not JSON: keep the payload as the message
        }
        if (VideoRejectedException.ERROR_TYPE.equals(errorType)) {
            String kind = VideoRejectedException.Reason.ofMessage(message)
                    .map(VideoRejectedException.Reason::code)
                    // a rejection without a known reason code is still final; it is filed as a function error
                    .orElse(DeadLetterAttributes.KIND_FUNCTION_ERROR);
            return new InvokeOutcome.Rejected(requestId, errorType, kind, message);
        }
        return new InvokeOutcome.FunctionFailed(requestId, errorType, message);
    }

    private static String truncate(String payload) {
        String line = OneLine.truncate(payload);
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
