package org.medledger.booking.identity;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.ReceivedEvent;
import org.medledger.events.Topics;
import org.medledger.support.events.EventsAutoConfiguration;
import org.medledger.support.events.ProcessedEvents;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the identity projection from {@code medledger.identity.v1}. Each event is applied once (by CloudEvent
 * id); failures retry with back-off and then go to the dead-letter topic, malformed records go there at once.
 */
@Component
class IdentityEventsListener {

    static final String CONSUMER = "booking.identity-projection";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final IdentityProjection projection;

    IdentityEventsListener(EventCodec codec, ProcessedEvents processed, IdentityProjection projection) {
        this.codec = codec;
        this.processed = processed;
        this.projection = projection;
    }

    @KafkaListener(id = "booking-identity-events", idIsGroup = false, topics = Topics.IDENTITY,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY)
    void on(ConsumerRecord<String, CloudEvent> record) {
        ReceivedEvent<DomainEvent> event = codec.decode(record.value());
        processed.once(CONSUMER, event.id(), () -> projection.apply(event.data())).block();
    }
}
