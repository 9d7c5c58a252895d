package org.medledger.notification.dispatch;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.ReceivedEvent;
import org.medledger.events.Topics;
import org.medledger.events.identity.ProfileUpdated;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.StaffAccountRegistered;
import org.medledger.notification.contact.ContactRole;
import org.medledger.notification.contact.Contacts;
import org.medledger.support.events.EventsAutoConfiguration;
import org.medledger.support.events.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Kafka consumers, one container per topic so that a slow topic (SMTP retries on one) does not hold up the others.
 * Each event runs at most once per CloudEvent id ({@link ProcessedEvents}); failures go to the shared error handler:
 * back-off retries, then {@code <topic>.dlt}; a malformed record goes there at once.
 */
@Component
class EventListeners {

    /** Name under which this service records processed events. */
    static final String CONSUMER = "notification-service";

    private static final Logger log = LoggerFactory.getLogger(EventListeners.class);

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final NotificationDispatcher dispatcher;
    private final Contacts contacts;

    EventListeners(EventCodec codec, ProcessedEvents processed, NotificationDispatcher dispatcher, Contacts contacts) {
        this.codec = codec;
        this.processed = processed;
        this.dispatcher = dispatcher;
        this.contacts = contacts;
    }

    @KafkaListener(id = "notification-identity", idIsGroup = false, topics = Topics.IDENTITY,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void identity(ConsumerRecord<String, CloudEvent> record) {
        ReceivedEvent<DomainEvent> event = codec.decode(record.value());
        Instant time = event.time() != null ? event.time() : Instant.now();
        Supplier<Mono<?>> work = switch (event.data()) {
            case PatientRegistered patient -> registered(patient.patientId(), ContactRole.PATIENT, patient.name(),
                    patient.email(), time);
            case DoctorRegistered doctor -> registered(doctor.doctorId(), ContactRole.DOCTOR, doctor.name(),
                    doctor.email(), time);
            case StaffAccountRegistered staff -> registered(staff.userId(), ContactRole.valueOf(staff.role().name()),
                    staff.name(), staff.email(), time);
            case ProfileUpdated updated -> () -> contacts.profileUpdated(updated, time)
                    .then(dispatcher.deliverWaiting(updated.userId()));
            default -> null;
        };
        if (work != null) {
            run(event, work);
        }
    }

    /** A new contact, then the mails that waited for one. */
    private Supplier<Mono<?>> registered(String userId, ContactRole role, String name, String email, Instant time) {
        return () -> contacts.registered(userId, role, name, email, time).then(dispatcher.deliverWaiting(userId));
    }

    @KafkaListener(id = "notification-booking", idIsGroup = false, topics = Topics.BOOKING,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void booking(ConsumerRecord<String, CloudEvent> record) {
        notify(record);
    }

    @KafkaListener(id = "notification-report", idIsGroup = false, topics = Topics.REPORT,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void report(ConsumerRecord<String, CloudEvent> record) {
        notify(record);
    }

    /** One-time codes: never logged, never stored; they reach the mail in memory only. */
    @KafkaListener(id = "notification-codes", idIsGroup = false, topics = Topics.CODES,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void codes(ConsumerRecord<String, CloudEvent> record) {
        notify(record);
    }

    @KafkaListener(id = "notification-access", idIsGroup = false, topics = Topics.ACCESS,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void access(ConsumerRecord<String, CloudEvent> record) {
        notify(record);
    }

    @KafkaListener(id = "notification-audit", idIsGroup = false, topics = Topics.AUDIT,
            containerFactory = EventsAutoConfiguration.LISTENER_FACTORY,
            containerPostProcessor = DispatchConfiguration.LISTENER_POST_PROCESSOR)
    void audit(ConsumerRecord<String, CloudEvent> record) {
        notify(record);
    }

    private void notify(ConsumerRecord<String, CloudEvent> record) {
        ReceivedEvent<DomainEvent> event = codec.decode(record.value());
        if (dispatcher.handles(event)) {
            run(event, () -> dispatcher.dispatch(event));
        }
    }

    private void run(ReceivedEvent<DomainEvent> event, Supplier<Mono<?>> work) {
        Boolean ran = processed.once(CONSUMER, event.id(), work).block();
        if (Boolean.FALSE.equals(ran)) {
            log.debug("Event {} ({}) was processed before: skipped", event.id(), event.type());
        }
    }
}
