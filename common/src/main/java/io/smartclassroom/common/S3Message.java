package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What an SQS message body from an S3 bucket notification says. */
public sealed interface S3Message {

    /** {@code s3:TestEvent}, sent by S3 once when a notification configuration is written. */
    record TestEvent(String bucket) implements S3Message {
        public TestEvent {
            requireNonNull(bucket, "bucket");
        }
    }

    /** One or more ObjectCreated (or other) records. */
    record ObjectEvents(List<ObjectEvent> records) implements S3Message {
        public ObjectEvents {
            records = List.copyOf(requireNonNull(records, "records"));
            if (records.isEmpty()) {
                throw new IllegalArgumentException("an S3 event notification needs at least one record");
            }
        }
    }

    /**
     * One record of a notification: the event name (e.g. {@code ObjectCreated:Put}), its object and which version
     * of the object it names: {@code s3.object.eTag}, {@code s3.object.versionId} (versioned buckets only) and
     * {@code s3.object.sequencer} (orders the events of one key). Each is empty when the notification has none.
     */
    record ObjectEvent(String eventName, S3ObjectRef object, Optional<String> eTag, Optional<String> versionId,
            Optional<S3Sequencer> sequencer) {
        public ObjectEvent {
            requireNonNull(eventName, "eventName");
            requireNonNull(object, "object");
            eTag = requireNonNull(eTag, "eTag").map(tag -> tag.replace("\"", "")).filter(tag -> !tag.isBlank());
            versionId = requireNonNull(versionId, "versionId").filter(id -> !id.isBlank() && !"null".equals(id));
            requireNonNull(sequencer, "sequencer");
        }

        /** An event that names no particular version: the object as it is now. */
        public ObjectEvent(String eventName, S3ObjectRef object) {
            this(eventName, object, Optional.empty(), Optional.empty(), Optional.empty());
        }

        public boolean isObjectCreated() {
            return eventName.startsWith("ObjectCreated:");
        }
    }
}
