package io.smartclassroom.handler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smartclassroom.handler.pipeline.VideoOutcome;
import java.util.List;

/**
 * What the function returns: one entry per processed video, and the records it left alone (an
 * {@code s3:TestEvent}, events other than ObjectCreated, folder markers) with the reason.
 */
public record HandlerResult(List<VideoOutcome> videos, List<Ignored> ignored) {
    public HandlerResult {
        videos = List.copyOf(requireNonNull(videos, "videos"));
        ignored = List.copyOf(requireNonNull(ignored, "ignored"));
    }

    /** A record of the payload that was not processed, and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ignored(String event, String bucket, String key, String reason) {
        public Ignored {
            requireNonNull(event, "event");
            requireNonNull(reason, "reason");
        }
    }
}
