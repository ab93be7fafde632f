package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.common.MetricNames;
import io.smartclassroom.common.S3EventFormatException;
import io.smartclassroom.common.S3EventNotifications;
import io.smartclassroom.common.S3Message;
import io.smartclassroom.common.S3ObjectRef;
import io.smartclassroom.common.VideoRejectedException;
import io.smartclassroom.handler.pipeline.EventValidator;
import io.smartclassroom.common.fanout.FunctionRequest;
import io.smartclassroom.common.fanout.FunctionRequests;
import io.smartclassroom.common.fanout.PartialAnalysis;
import io.smartclassroom.common.fanout.SegmentPlan;
import io.smartclassroom.handler.pipeline.SupersededEventException;
import io.smartclassroom.handler.pipeline.VideoOutcome;
import io.smartclassroom.handler.pipeline.VideoPipeline;
import io.smartclassroom.handler.pipeline.VideoProcessingException;
import io.smartclassroom.handler.recognition.TimeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Lambda function. Its payload is the S3 event notification the monitor passes on (the body of
 * the SQS message); every ObjectCreated record is one video, processed by the {@link VideoPipeline}
 * into one CSV in the output bucket. Returns a {@link HandlerResult} as JSON. An {@code s3:TestEvent}
 * is acknowledged and ignored, and so is an event whose video was overwritten since (superseded: the newer
 * upload has its own event). A payload that is not an S3 event, a record for another bucket than the input bucket,
 * a video over a limit ({@link EventValidator}), or a video that does not exist or cannot be decoded, ends the invocation with a {@link VideoRejectedException} (a function error the monitor does not
 * retry) whose message says why; any other failure is an ordinary exception, retried; the other
 * videos of the same payload are still processed first. The monitor may instead send a fan-out request
 * ({@link FunctionRequests}: plan, segment, merge) for a long video; a plain event of a long video is still
 * processed whole in one invocation. Every invocation stops cleanly ({@code timeout} rejection, nothing
 * written) when {@code Context.getRemainingTimeInMillis()} falls under the safety margin
 * ({@code TIME_MARGIN_SECONDS}). Thread-safe: the local invoke endpoint calls one instance from several threads.
 */
public final class FaceRecognitionHandler implements RequestStreamHandler {
    private static final Logger log = LoggerFactory.getLogger(FaceRecognitionHandler.class);

    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_VIDEO_KEY = "videoKey";
    /** The segment a fan-out invocation analyses ({@code 3/12}); absent otherwise. */
    public static final String MDC_SEGMENT = "segment";

    private final VideoPipeline pipeline;
    private final EventValidator validator;
    private final S3EventNotifications events;
    private final ObjectMapper json;
    private final FunctionRequests requests;

    /** The constructor Lambda calls once per container: reads the environment and builds everything. */
    public FaceRecognitionHandler() {
        this(HandlerRuntime.fromEnvironment(1));
    }

    /** The runtime's pipeline, with the input bucket and limits of its configuration. */
    public FaceRecognitionHandler(HandlerRuntime runtime) {
        this(requireNonNull(runtime, "runtime").pipeline(), runtime.eventValidator());
    }

    public FaceRecognitionHandler(VideoPipeline pipeline, EventValidator validator) {
        this.validator = requireNonNull(validator, "validator");
        this.pipeline = requireNonNull(pipeline, "pipeline");
        this.json = new ObjectMapper();
        this.events = new S3EventNotifications(json);
        this.requests = new FunctionRequests(json);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String requestId = context == null ? null : context.getAwsRequestId();
        String outerRequestId = MDC.get(MDC_REQUEST_ID);
        if (requestId != null) {
            MDC.put(MDC_REQUEST_ID, requestId);
        }
        try {
            String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            TimeBudget budget = context == null ? TimeBudget.UNLIMITED
                    : TimeBudget.of(context::getRemainingTimeInMillis, pipeline.fanOut().timeMargin());
            output.write(json.writeValueAsBytes(handle(payload, budget)));
        } finally {
            if (outerRequestId == null) {
                MDC.remove(MDC_REQUEST_ID);
            } else {
                MDC.put(MDC_REQUEST_ID, outerRequestId);
            }
        }
    }

    /** Processes a payload without a deadline; see the class comment for what happens to each kind of record. */
    public HandlerResult handle(String payload) {
        Object answer = handle(payload, TimeBudget.UNLIMITED);
        if (!(answer instanceof HandlerResult result)) {
            throw new IllegalArgumentException("the payload is a fan-out request, answered with "
                    + answer.getClass().getSimpleName() + ", not a HandlerResult");
        }
        return result;
    }

    /**
     * Processes a payload: an S3 event notification (answer: {@link HandlerResult}) or a fan-out request
     * ({@link FunctionRequests}: plan → {@link SegmentPlan}, segment → {@link PartialAnalysis}, merge →
     * {@link HandlerResult}); {@code budget} stops the analysis before the function's timeout.
     */
    public Object handle(String payload, TimeBudget budget) {
        requireNonNull(payload, "payload");
        requireNonNull(budget, "budget");
        Optional<FunctionRequest> request;
        try {
            request = requests.parse(payload);
        } catch (IllegalArgumentException e) {
            log.error("rejected a malformed fan-out request: {} (payload starts: {})", e.getMessage(), abbreviate(payload));
            throw new VideoRejectedException(VideoRejectedException.Reason.INVALID_EVENT,
                    "malformed fan-out request: " + e.getMessage(), e);
        }
        if (request.isPresent()) {
            return handle(request.get(), budget);
        }
        return handleEvent(payload, budget);
    }

    private Object handle(FunctionRequest request, TimeBudget budget) {
        S3Message.ObjectEvent record = singleVideo(request);
        S3ObjectRef video = record.object();
        MDC.put(MDC_VIDEO_KEY, video.key());
        if (request instanceof FunctionRequest.Segment segment) {
            MDC.put(MDC_SEGMENT, segment.segment().label());
        }
        try {
            if (request instanceof FunctionRequest.Plan) {
                try {
                    return pipeline.plan(record);
                } catch (SupersededEventException e) {
                    // One segment: the whole-video invocation that follows acknowledges the event as superseded.
                    log.info("superseded: key={} requestId={}: {}; planned as one invocation", video.key(),
                            MDC.get(MDC_REQUEST_ID), e.getMessage());
                    return SegmentPlan.of(0, pipeline.fanOut().segmentSeconds());
                }
            }
            if (request instanceof FunctionRequest.Segment segment) {
                return pipeline.analyzeSegment(record, segment.segment(), budget);
            }
            FunctionRequest.Merge merge = (FunctionRequest.Merge) request;
            try {
                return new HandlerResult(List.of(pipeline.merge(record, merge.partials())), List.of());
            } catch (SupersededEventException e) {
                log.info("superseded: key={} requestId={}: {}; acknowledged without writing a result",
                        video.key(), MDC.get(MDC_REQUEST_ID), e.getMessage());
                return new HandlerResult(List.of(), List.of(new HandlerResult.Ignored(record.eventName(), video.bucket(),
                        video.key(), "superseded: " + e.getMessage())));
            }
        } catch (VideoRejectedException e) {
            log.error("rejected: key={} requestId={}: {}", video.key(), MDC.get(MDC_REQUEST_ID), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("{} failed: {}", video, e.toString(), e);
            throw e;
        } finally {
            MDC.remove(MDC_SEGMENT);
            MDC.remove(MDC_VIDEO_KEY);
        }
    }

    /** The one ObjectCreated record a fan-out request is about. */
    private S3Message.ObjectEvent singleVideo(FunctionRequest request) {
        S3Message message;
        try {
            message = events.parse(request.event());
        } catch (S3EventFormatException e) {
            throw new VideoRejectedException(VideoRejectedException.Reason.INVALID_EVENT,
                    "the fan-out request's event is not an S3 event notification: " + e.getMessage(), e);
        }
        if (!(message instanceof S3Message.ObjectEvents objects) || objects.records().size() != 1
                || !objects.records().get(0).isObjectCreated() || skipReason(objects.records().get(0)) != null) {
            throw new VideoRejectedException(VideoRejectedException.Reason.INVALID_EVENT,
                    "a fan-out request's event must name exactly one new video (one ObjectCreated record)");
        }
        return objects.records().get(0);
    }

    private HandlerResult handleEvent(String payload, TimeBudget budget) {
        S3Message message;
        try {
            message = events.parse(payload);
        } catch (S3EventFormatException e) {
            log.error("rejected a payload that is not an S3 event notification: {} (payload starts: {})",
                    e.getMessage(), abbreviate(payload));
            throw new VideoRejectedException(VideoRejectedException.Reason.INVALID_EVENT,
                    "payload is not an S3 event notification: " + e.getMessage(), e);
        }
        if (message instanceof S3Message.TestEvent test) {
            log.info("ignored s3:TestEvent for bucket '{}'", test.bucket());
            return new HandlerResult(List.of(), List.of(new HandlerResult.Ignored(
                    "s3:TestEvent", test.bucket(), null, "s3:TestEvent is sent when notifications are configured; nothing to do")));
        }

        List<S3Message.ObjectEvent> records = ((S3Message.ObjectEvents) message).records();
        try {
            validator.checkRecordCount(records);
        } catch (VideoRejectedException e) {
            log.error("rejected: requestId={}: {}", MDC.get(MDC_REQUEST_ID), e.getMessage());
            throw e;
        }
        List<VideoOutcome> videos = new ArrayList<>();
        List<HandlerResult.Ignored> ignored = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (S3Message.ObjectEvent record : records) {
            S3ObjectRef video = record.object();
            MDC.put(MDC_VIDEO_KEY, video.key());
            try {
                validator.checkRecord(record);
                String skipReason = skipReason(record);
                if (skipReason != null) {
                    log.info("ignored {} {}: {}", record.eventName(), video, skipReason);
                    ignored.add(new HandlerResult.Ignored(record.eventName(), video.bucket(), video.key(), skipReason));
                    continue;
                }
                videos.add(pipeline.process(record, budget));
            } catch (SupersededEventException e) {
                log.info("superseded: key={} requestId={}: {}; acknowledged without writing a result",
                        video.key(), MDC.get(MDC_REQUEST_ID), e.getMessage());
                ignored.add(new HandlerResult.Ignored(record.eventName(), video.bucket(), video.key(),
                        "superseded: " + e.getMessage()));
            } catch (VideoRejectedException e) {
                log.error("rejected: key={} requestId={}: {}", video.key(), MDC.get(MDC_REQUEST_ID), e.getMessage());
                pipeline.metrics().failed(video, MetricNames.Outcome.rejected(e.reason()));
                failures.add(e);
            } catch (VideoProcessingException e) {
                log.error("{} failed: {}", video, e.getMessage());
                pipeline.metrics().failed(video, MetricNames.Outcome.ERROR);
                failures.add(e);
            } catch (RuntimeException e) {
                log.error("{} failed: {}", video, e.toString(), e);
                pipeline.metrics().failed(video, MetricNames.Outcome.ERROR);
                failures.add(e);
            } finally {
                MDC.remove(MDC_VIDEO_KEY);
            }
        }
        if (failures.size() == 1 && records.size() == 1) {
            throw failures.get(0);
        }
        if (!failures.isEmpty() && failures.stream().allMatch(VideoRejectedException.class::isInstance)) {
            // Every failure is permanent: retrying the message cannot help, so it stays a rejection.
            VideoRejectedException first = (VideoRejectedException) failures.get(0);
            VideoRejectedException summary = new VideoRejectedException(first.reason(), failures.size() + " of "
                    + records.size() + " videos rejected (" + videos.size() + " written): "
                    + String.join("; ", failures.stream().map(Throwable::getMessage).toList()), first);
            failures.stream().skip(1).forEach(summary::addSuppressed);
            throw summary;
        }
        if (!failures.isEmpty()) {
            List<String> messages = failures.stream().map(Throwable::getMessage).toList();
            VideoProcessingException summary = new VideoProcessingException(failures.size() + " of " + records.size()
                    + " videos failed (" + videos.size() + " written): " + String.join("; ", messages), failures.get(0));
            failures.stream().skip(1).forEach(summary::addSuppressed);
            throw summary;
        }
        return new HandlerResult(videos, ignored);
    }

    private static String skipReason(S3Message.ObjectEvent record) {
        if (!record.isObjectCreated()) {
            return "only ObjectCreated events name new videos";
        }
        if (record.object().key().endsWith("/")) {
            return "the key names a folder, not a video";
        }
        return null;
    }

    private static String abbreviate(String payload) {
        String oneLine = payload.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
