package org.medledger.booking;

import io.cloudevents.CloudEvent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes events the way the other services do: a CloudEvent from {@link EventCodec} through a KafkaTemplate. */
public record EventSender(EventCodec codec, KafkaTemplate<String, CloudEvent> kafka) {

    /** Sends a fresh event; returns it as sent, so a test can send the very same event (same id) again. */
    public OutgoingEvent send(DomainEvent event) {
        return send(codec.prepare(event));
    }

    public OutgoingEvent send(OutgoingEvent event) {
        try {
            kafka.send(event.topic(), event.subject(), codec.toCloudEvent(event, Map.of())).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + event.type(), e);
        }
        return event;
    }
}
