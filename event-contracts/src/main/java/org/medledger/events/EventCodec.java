package org.medledger.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@link DomainEvent} records into CloudEvents 1.0 and back.
 *
 * <p>On Kafka the events use the CloudEvents Kafka protocol binding in binary mode
 * ({@code io.cloudevents.kafka.CloudEventSerializer}): {@code ce_id}, {@code ce_source}, {@code ce_type},
 * {@code ce_time}, {@code ce_subject} and {@code ce_specversion} headers, {@code content-type:
 * application/json}, and the record value is the JSON data described by the type's JSON Schema. The record
 * key is the subject (the aggregate id).
 *
 * <p>Decoding is tolerant of fields it does not know (a newer minor producer) and strict about the ones it
 * needs: a missing required field is a {@link MalformedEventException}, never a half-filled record.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = "application/json";

    private final URI source;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final Supplier<String> traceparent;

    /**
     * @param source the publishing service, e.g. {@code /medledger/booking-service}
     * @param clock the time stamped on prepared events
     */
    public EventCodec(URI source, Clock clock) {
        this(source, clock, () -> null);
    }

    /**
     * @param source the publishing service, e.g. {@code /medledger/booking-service}
     * @param clock the time stamped on prepared events
     * @param traceparent the caller's current W3C {@code traceparent}, or null; kept with each prepared event
     */
    public EventCodec(URI source, Clock clock, Supplier<String> traceparent) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.traceparent = Objects.requireNonNull(traceparent, "traceparent");
        this.jsonMapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * Serializes {@code event} for an outbox, with a fresh random id, the current time and the current trace
     * context.
     */
    public OutgoingEvent prepare(DomainEvent event) {
        Class<? extends DomainEvent> eventClass = event.getClass();
        return new OutgoingEvent(UUID.randomUUID().toString(), EventCatalog.typeOf(eventClass),
                EventCatalog.topicOf(eventClass), event.aggregateId(), clock.instant(),
                jsonMapper.writeValueAsString(event), traceparent.get());
    }

    /**
     * The CloudEvent for a prepared event.
     *
     * @param extensions CloudEvent extension attributes to add, e.g. {@code traceparent}; lower-case
     *     alphanumeric names only (CloudEvents 1.0)
     */
    public CloudEvent toCloudEvent(OutgoingEvent event, Map<String, String> extensions) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(source)
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(CONTENT_TYPE)
                .withData(event.data().getBytes(StandardCharsets.UTF_8));
        extensions.forEach(builder::withExtension);
        return builder.build();
    }

    /** Decodes a CloudEvent into its typed data. */
    public ReceivedEvent<DomainEvent> decode(CloudEvent event) {
        if (event == null) {
            throw new MalformedEventException("record is not a CloudEvent");
        }
        String type = event.getType();
        Class<? extends DomainEvent> dataClass = EventCatalog.classOf(type)
                .orElseThrow(() -> new MalformedEventException("unknown event type " + type + " (id " + event.getId() + ")"));
        CloudEventData data = event.getData();
        if (data == null) {
            throw new MalformedEventException("event " + event.getId() + " of type " + type + " has no data");
        }
        DomainEvent decoded;
        try {
            decoded = jsonMapper.readValue(data.toBytes(), dataClass);
        } catch (JacksonException e) {
            // the cause's message may quote the data: keep only its class
            throw new MalformedEventException("event " + event.getId() + " of type " + type + " has invalid JSON data ("
                    + e.getClass().getSimpleName() + ")");
        }
        requireAllFields(decoded, event.getId(), type);
        return new ReceivedEvent<>(event.getId(), type, String.valueOf(event.getSource()), event.getSubject(),
                event.getTime() == null ? null : event.getTime().toInstant(), decoded);
    }

    /** Decodes and checks the data is of {@code expected} type. */
    public <T extends DomainEvent> T decodeData(CloudEvent event, Class<T> expected) {
        DomainEvent data = decode(event).data();
        if (!expected.isInstance(data)) {
            throw new MalformedEventException("event " + event.getId() + " is " + event.getType() + ", expected "
                    + EventCatalog.typeOf(expected));
        }
        return expected.cast(data);
    }

    private static void requireAllFields(DomainEvent decoded, String id, String type) {
        for (RecordComponent component : decoded.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(decoded);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                throw new MalformedEventException(
                        "event " + id + " of type " + type + " lacks required field " + component.getName());
            }
        }
    }
}
