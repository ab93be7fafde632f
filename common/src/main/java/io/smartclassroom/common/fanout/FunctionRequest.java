package io.smartclassroom.common.fanout;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A request to the function other than a plain S3 event notification, sent by the monitor when it fans a long
 * video out (see {@link FunctionRequests} for the JSON). Each carries the S3 event notification of the video
 * ({@code event}, the SQS message body as it came, one ObjectCreated record).
 */
public sealed interface FunctionRequest {
    String event();

    /** Answer with the video's {@link SegmentPlan} (duration from the container's header, no frame decoded). */
    record Plan(String event) implements FunctionRequest {
        public Plan {
            requireNonNull(event, "event");
        }
    }

    /** Analyse the segment's time range only; answer with a {@link PartialAnalysis}. Nothing is written. */
    record Segment(String event, VideoSegment segment) implements FunctionRequest {
        public Segment {
            requireNonNull(event, "event");
            requireNonNull(segment, "segment");
        }
    }

    /**
     * Merge the segments' partials into the video's analysis, look the students up and write the result, as a
     * whole-video invocation does; answer as it does.
     */
    record Merge(String event, List<PartialAnalysis> partials) implements FunctionRequest {
        public Merge {
            requireNonNull(event, "event");
            partials = List.copyOf(requireNonNull(partials, "partials"));
            if (partials.isEmpty()) {
                throw new IllegalArgumentException("a merge needs the partials of at least one segment");
            }
        }
    }
}
