package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.EventSender;
import org.medledger.booking.TestUsers;
import org.medledger.booking.TopicProbe;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.events.booking.AppointmentCancelled;
import org.medledger.events.booking.AppointmentCompleted;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The events booking-service publishes through its outbox, and the ReportStored events it consumes. Kafka going away
 * during a booking is {@link KafkaOutageTests}.
 */
class AppointmentEventsTests extends BookingIntegrationTest {

    private static final String SOURCE = "/medledger/booking-service";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    EventCodec codec;
    @Autowired
    @Qualifier("cloudEventKafkaTemplate")
    KafkaTemplate<String, CloudEvent> kafka;

    EventSender sender;
    final TestUsers doctor = TestUsers.doctor();
    final TestUsers patient = TestUsers.patient();

    @BeforeEach
    void setUpSender() {
        sender = new EventSender(codec, kafka);
    }

    @Test
    void outbox_bookCompleteAndCancel_publishEventsOnTheBookingTopic() {
        Instant start = BookingApi.futureStart();
        String slotId = api.publishSlot(doctor, start);
        String completedId = api.book(patient, slotId);
        String cancelledId = api.book(patient, api.publishSlot(doctor, start.plus(Duration.ofHours(1))));
        api.post(doctor, "/api/bookings/appointments/" + cancelledId + "/cancel").expectStatus().isOk();
        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(1))));
        api.post(doctor, "/api/bookings/appointments/" + completedId + "/complete").expectStatus().isOk();

        try (var probe = TopicProbe.cloudEvents(broker, Topics.BOOKING)) {
            List<ConsumerRecord<String, CloudEvent>> records = probe.await(
                    r -> Set.of(completedId, cancelledId).contains(r.key()), 4);
            assertThat(records).hasSize(4);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.value().getSubject()).isEqualTo(r.key());
                assertThat(r.value().getSource()).hasToString(SOURCE);
                String data = new String(r.value().getData().toBytes(), StandardCharsets.UTF_8);
                assertThat(data).doesNotContain("symptoms").doesNotContain("cough");
            });

            List<Object> completedEvents = dataOf(records, completedId);
            assertThat(completedEvents).containsExactly(
                    new AppointmentBooked(completedId, slotId, doctor.id(), patient.id(), start, start.plus(Duration.ofMinutes(30))),
                    new AppointmentCompleted(completedId, doctor.id(), patient.id()));
            List<Object> cancelledEvents = dataOf(records, cancelledId);
            assertThat(cancelledEvents).hasSize(2);
            assertThat(cancelledEvents.get(0)).isInstanceOf(AppointmentBooked.class);
            assertThat(cancelledEvents.get(1)).isInstanceOfSatisfying(AppointmentCancelled.class, cancelled -> {
                assertThat(cancelled.cancelledBy()).isEqualTo(doctor.id());
                assertThat(cancelled.start()).isEqualTo(start.plus(Duration.ofHours(1)));
            });
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mongo.findById(completedId, Appointment.class).block().outbox()).isEmpty();
            assertThat(mongo.findById(cancelledId, Appointment.class).block().outbox()).isEmpty();
        });
    }

    @Test
    void reportStored_onReportTopic_makesTheAppointmentReportAvailable() {
        String id = completedAppointment();
        var event = AppointmentLifecycleTests.reportStored(id, doctor.id(), patient.id());
        sender.send(event);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Appointment appointment = mongo.findById(id, Appointment.class).block();
            assertThat(appointment.status()).isEqualTo(AppointmentStatus.REPORT_AVAILABLE);
            assertThat(appointment.reportId()).isEqualTo(event.reportId());
        });
    }

    @Test
    void reportStored_contradictingTheAppointment_isParkedOnTheDltAndTheNextOneIsApplied() {
        String booked = api.book(patient, api.publishSlot(doctor));
        String completed = completedAppointment();
        OutgoingEvent wrong = sender.send(AppointmentLifecycleTests.reportStored(booked, doctor.id(), patient.id()));
        sender.send(AppointmentLifecycleTests.reportStored(completed, doctor.id(), patient.id()));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> mongo.findById(completed, Appointment.class).block().status() == AppointmentStatus.REPORT_AVAILABLE);
        assertThat(mongo.findById(booked, Appointment.class).block().status()).isEqualTo(AppointmentStatus.BOOKED);
        try (var dlt = TopicProbe.raw(broker, Topics.deadLetter(Topics.REPORT))) {
            var parked = dlt.await(r -> r.key().equals(wrong.subject()), 1);
            String reason = new String(parked.getFirst().headers().lastHeader("medledger-dlt-reason").value(), StandardCharsets.UTF_8);
            assertThat(reason).startsWith("malformed event").contains(booked);
        }
    }

    private String completedAppointment() {
        Instant start = BookingApi.futureStart();
        String id = api.book(patient, api.publishSlot(doctor, start));
        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(1))));
        api.post(doctor, "/api/bookings/appointments/" + id + "/complete").expectStatus().isOk();
        clock.reset();
        return id;
    }

    private List<Object> dataOf(List<ConsumerRecord<String, CloudEvent>> records, String key) {
        return records.stream().filter(r -> r.key().equals(key)).map(r -> (Object) codec.decode(r.value()).data()).toList();
    }
}
