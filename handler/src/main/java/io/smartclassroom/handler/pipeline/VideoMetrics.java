package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.MetricNames;
import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.common.S3ObjectRef;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The function's CloudWatch metrics: one Embedded Metric Format record per video, in namespace
 * {@value MetricNames#NAMESPACE} with the one dimension set [{@value MetricNames#FUNCTION_NAME},
 * {@value MetricNames#OUTCOME}]. A written result has {@code VideosProcessed}, {@code StudentsRecognised},
 * {@code UnknownFaces}, {@code FramesExamined} and the milliseconds of each stage; a failure has
 * {@code VideosFailed} with the failure's kind as its outcome. The video key and request id are properties of the
 * record (searchable in Logs Insights, not dimensions). A metric that cannot be written is logged and never fails
 * the video. Thread-safe.
 */
public final class VideoMetrics {
    private static final Logger log = LoggerFactory.getLogger(VideoMetrics.class);
    /** The library's own override of its environment ({@code Local}, {@code Lambda}, {@code Agent}, ...). */
    public static final String EMF_ENVIRONMENT = "AWS_EMF_ENVIRONMENT";
    public static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    static final String VIDEO_KEY = "videoKey";
    static final String REQUEST_ID = "requestId";

    private final String functionName;
    private final Environment environment;

    /** How long each stage of a written video took. */
    public record Stages(long fetchMillis, long recogniseMillis, long lookupMillis, long writeMillis, long totalMillis) {}

    public VideoMetrics(String functionName, Environment environment) {
        this.functionName = requireNonNull(functionName, "functionName");
        this.environment = requireNonNull(environment, "environment");
        if (functionName.isBlank()) {
            throw new IllegalArgumentException("the function name of the metrics is blank");
        }
    }

    /**
     * Where the records go, from the process environment: as {@value #EMF_ENVIRONMENT} says when it is set (the
     * library's own resolution; {@code Local} writes them to stdout); else on Lambda ({@value #LAMBDA_FUNCTION_NAME}
     * set) to stdout, which Lambda sends to CloudWatch Logs, where they become metrics; else (the local invoke
     * endpoint) to stdout as well. The library is never left to probe for EC2, ECS or a CloudWatch agent.
     */
    public static VideoMetrics fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env");
        String name = env.getOrDefault(LAMBDA_FUNCTION_NAME, "");
        String functionName = name.isBlank() ? ResourceNames.DEFAULTS.function() : name;
        String override = env.getOrDefault(EMF_ENVIRONMENT, "");
        Environment environment;
        if (!override.isBlank()) {
            environment = new EnvironmentProvider().resolveEnvironment().join();
        } else if (!name.isBlank()) {
            environment = new LambdaEnvironment();
        } else {
            environment = new StdoutEnvironment(functionName);
        }
        return new VideoMetrics(functionName, environment);
    }

    public String functionName() {
        return functionName;
    }

    /** A video whose result was written. */
    public void written(VideoOutcome video, Stages stages) {
        requireNonNull(video, "video");
        requireNonNull(stages, "stages");
        emit(video.key(), video.outcome(), logger -> {
            logger.putMetric(MetricNames.VIDEOS_PROCESSED, 1, Unit.COUNT);
            logger.putMetric(MetricNames.STUDENTS_RECOGNISED, video.students().size(), Unit.COUNT);
            logger.putMetric(MetricNames.UNKNOWN_FACES, video.unknownFaces(), Unit.COUNT);
            logger.putMetric(MetricNames.FRAMES_EXAMINED, video.framesExamined(), Unit.COUNT);
            logger.putMetric(MetricNames.FETCH_MILLIS, stages.fetchMillis(), Unit.MILLISECONDS);
            logger.putMetric(MetricNames.RECOGNISE_MILLIS, stages.recogniseMillis(), Unit.MILLISECONDS);
            logger.putMetric(MetricNames.LOOKUP_MILLIS, stages.lookupMillis(), Unit.MILLISECONDS);
            logger.putMetric(MetricNames.WRITE_MILLIS, stages.writeMillis(), Unit.MILLISECONDS);
            logger.putMetric(MetricNames.TOTAL_MILLIS, stages.totalMillis(), Unit.MILLISECONDS);
        });
    }

    /** A video that failed; {@code kind} is one of {@link MetricNames.Outcome}'s failure kinds. */
    public void failed(S3ObjectRef video, String kind) {
        requireNonNull(video, "video");
        requireNonNull(kind, "kind");
        emit(video.key(), kind, logger -> logger.putMetric(MetricNames.VIDEOS_FAILED, 1, Unit.COUNT));
    }

    private interface Fill {
        void into(MetricsLogger logger);
    }

    private void emit(String videoKey, String outcome, Fill fill) {
        try {
            MetricsLogger logger = new MetricsLogger(environment);
            logger.setNamespace(MetricNames.NAMESPACE);
            logger.setDimensions(DimensionSet.of(MetricNames.FUNCTION_NAME, functionName, MetricNames.OUTCOME, outcome));
            fill.into(logger);
            logger.putProperty(VIDEO_KEY, videoKey);
            String requestId = MDC.get(REQUEST_ID);
            if (requestId != null) {
                logger.putProperty(REQUEST_ID, requestId);
            }
            logger.flush();
        } catch (RuntimeException e) {
            log.warn("metrics of {} ({}) not written: {}", videoKey, outcome, e.toString());
        }
    }

    /**
     * Outside Lambda with no {@value #EMF_ENVIRONMENT}: the records on stdout, one JSON line each, as the library's
     * {@code Local} environment writes them (its constructor is not public).
     */
    static final class StdoutEnvironment implements Environment {
        private final String name;
        private final ISink sink = new ConsoleSink();

        StdoutEnvironment(String name) {
            this.name = requireNonNull(name, "name");
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getType() {
            return "Local";
        }

        @Override
        public String getLogGroupName() {
            return name + "-metrics";
        }

        @Override
        public void configureContext(MetricsContext context) {}

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
