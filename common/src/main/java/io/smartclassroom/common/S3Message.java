package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.util.List;

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

    /** One record of a notification: the event name (e.g. {@code ObjectCreated:Put}) and its object. */
    record ObjectEvent(String eventName, S3ObjectRef object) {
        public ObjectEvent {
            requireNonNull(eventName, "eventName");
            requireNonNull(object, "object");
        }

        public boolean isObjectCreated() {
            return eventName.startsWith("ObjectCreated:");
        }
    }
}
