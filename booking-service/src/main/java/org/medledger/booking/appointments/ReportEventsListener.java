package org.medledger.booking.appointments;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.ReceivedEvent;
import org.medledger.events.Topics;
import org.medledger.events.report.ReportStored;
import org.medledger.support.events.EventsAutoConfiguration;
import org.medledger.support.events.ProcessedEvents;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Moves appointments to REPORT_AVAILABLE on ReportStored; the topic's other events are not booking's business. */
@Component
class ReportEventsListener {

    static final String CONSUMER = "booking.report-stored";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final Appointments appointments;

    ReportEventsListener(EventCodec codec, ProcessedEvents processed, Appointments appointments) {
        this.codec = codec;
        this.processed = processed;
        this.appointments = appointments;
    }

    @KafkaListener(id = "booking-report-events", idIsGroup = false, topics = Topics.REPORT,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY)
    void on(ConsumerRecord<String, CloudEvent> record) {
        ReceivedEvent<DomainEvent> event = codec.decode(record.value());
        if (event.data() instanceof ReportStored stored) {
            processed.once(CONSUMER, event.id(), () -> appointments.reportStored(stored)).block();
        }
    }
}
