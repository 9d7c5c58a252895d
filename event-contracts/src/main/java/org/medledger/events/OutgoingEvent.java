package org.medledger.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An event ready to publish, in the form it is stored in a transactional outbox: everything needed to
 * build the CloudEvent later, with the data already serialized so the relay need not know its class.
 *
 * @param id CloudEvent id, unique per event; consumers deduplicate on it
 * @param type CloudEvent type
 * @param topic Kafka topic
 * @param subject aggregate id: CloudEvent subject and Kafka record key
 * @param time when the state change happened
 * @param data the event data as JSON
 * @param traceparent the W3C trace context of the call that caused the event, captured when it was prepared so the
 *     relay, which publishes later from a background loop, can continue that trace; null when there was none
 */
public record OutgoingEvent(String id, String type, String topic, String subject, Instant time, String data,
        String traceparent) {

    /** An event without trace context. */
    public OutgoingEvent(String id, String type, String topic, String subject, Instant time, String data) {
        this(id, type, topic, subject, time, data, null);
    }

    public OutgoingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** Without the data: it can hold a one-time code or patient data, and a printed event must not leak it. */
    @Override
    public String toString() {
        return "OutgoingEvent[id=" + id + ", type=" + type + ", topic=" + topic + ", subject=" + subject + ", time=" + time
                + ", data=(" + data.length() + " chars, redacted), traceparent=" + traceparent + "]";
    }
}
