package org.medledger.booking.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.EventSender;
import org.medledger.booking.TestUsers;
import org.medledger.booking.TopicProbe;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.events.identity.DoctorApproved;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.DoctorRejected;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.ProfileUpdated;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** The doctors and patients projections, fed by real CloudEvents on the identity topic. */
class IdentityEventsTests extends BookingIntegrationTest {

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    EventCodec codec;
    @Autowired
    @Qualifier("cloudEventKafkaTemplate")
    KafkaTemplate<String, CloudEvent> kafka;

    EventSender sender;

    @BeforeEach
    void setUpSender() {
        sender = new EventSender(codec, kafka);
    }

    @Test
    void doctorApproved_forPendingDoctor_letsPatientsBookTheirSlots() {
        String doctorId = UUID.randomUUID().toString();
        sender.send(new DoctorRegistered(doctorId, "Dr Who", "who@example.test", "cardiology",
                DoctorRegistered.Status.PENDING));
        awaitDoctor(doctorId, DoctorStatus.PENDING);
        // a slot from before the doctor lost approval, or written by an operator: the projection decides
        String slotId = UUID.randomUUID().toString();
        Instant start = BookingApi.futureStart();
        mongo.insert(new Slot(slotId, doctorId, start, start.plus(Duration.ofMinutes(30)), SlotStatus.FREE, null, null,
                Instant.now())).block();
        TestUsers patient = TestUsers.patient();
        api.bookRequest(patient, slotId, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-not-approved");

        sender.send(new DoctorApproved(doctorId, "Dr Who", "cardiology", UUID.randomUUID().toString()));
        Doctor approved = awaitDoctor(doctorId, DoctorStatus.APPROVED);
        assertThat(approved.specialization()).isEqualTo("cardiology");
        api.book(patient, slotId);
    }

    @Test
    void doctorRejected_stopsPublishingAndBooking() {
        TestUsers doctor = TestUsers.doctor();
        String slotId = api.publishSlot(doctor);
        sender.send(new DoctorRejected(doctor.id(), "licence not verified", UUID.randomUUID().toString()));
        awaitDoctor(doctor.id(), DoctorStatus.REJECTED);
        api.bookRequest(TestUsers.patient(), slotId, null).expectStatus().isEqualTo(409);
        Instant later = BookingApi.futureStart();
        api.web().mutateWith(doctor.jwt()).post().uri("/api/bookings/slots")
                .bodyValue(Map.of("start", later.toString(), "end", later.plus(Duration.ofMinutes(30)).toString()))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-not-approved");
    }

    @Test
    void doctorRegistered_afterTheTokenApprovedTheDoctor_doesNotDowngradeButNamesThem() {
        TestUsers doctor = TestUsers.doctor();
        api.publishSlot(doctor);
        sender.send(new DoctorRegistered(doctor.id(), "Dr Late Event", "late@example.test", "cardiology",
                DoctorRegistered.Status.PENDING));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(mongo.findById(doctor.id(), Doctor.class).block().name()).isEqualTo("Dr Late Event"));
        assertThat(mongo.findById(doctor.id(), Doctor.class).block().status()).isEqualTo(DoctorStatus.APPROVED);
    }

    @Test
    void doctorRegistered_adoptedApproved_isApproved() {
        String doctorId = UUID.randomUUID().toString();
        sender.send(new DoctorRegistered(doctorId, "Dr Demo", "demo@example.test", "cardiology",
                DoctorRegistered.Status.APPROVED));
        awaitDoctor(doctorId, DoctorStatus.APPROVED);
    }

    @Test
    void profileUpdated_renamesPatientAndDoctor() {
        String patientId = UUID.randomUUID().toString();
        String doctorId = UUID.randomUUID().toString();
        sender.send(new PatientRegistered(patientId, "Pat Old", "pat@example.test"));
        sender.send(new DoctorApproved(doctorId, "Dr Old", "dermatology", UUID.randomUUID().toString()));
        sender.send(new ProfileUpdated(patientId, "Pat New", "pat@example.test"));
        sender.send(new ProfileUpdated(doctorId, "Dr New", "doc@example.test"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(mongo.findById(patientId, Patient.class).block()).extracting(Patient::name).isEqualTo("Pat New");
            assertThat(mongo.findById(doctorId, Doctor.class).block()).extracting(Doctor::name).isEqualTo("Dr New");
        });
    }

    @Test
    void duplicateEvent_sameCloudEventId_isAppliedOnce() {
        String doctorId = UUID.randomUUID().toString();
        OutgoingEvent approval = sender.send(new DoctorApproved(doctorId, "Dr Twice", "neurology", UUID.randomUUID().toString()));
        awaitDoctor(doctorId, DoctorStatus.APPROVED);
        sender.send(new DoctorRejected(doctorId, "revoked", UUID.randomUUID().toString()));
        awaitDoctor(doctorId, DoctorStatus.REJECTED);
        sender.send(approval); // redelivered: same id
        sender.send(new ProfileUpdated(doctorId, "Dr Marker", "marker@example.test")); // processed after it, in order
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(mongo.findById(doctorId, Doctor.class).block().name()).isEqualTo("Dr Marker"));
        assertThat(mongo.findById(doctorId, Doctor.class).block().status()).isEqualTo(DoctorStatus.REJECTED);
    }

    @Test
    void malformedRecords_goToTheDltWithoutBlockingTheNextGoodRecord() throws Exception {
        String notACloudEvent = UUID.randomUUID().toString();
        String unknownType = UUID.randomUUID().toString();
        String doctorId = UUID.randomUUID().toString();
        String secret = "PATIENT-DATA-" + UUID.randomUUID();

        var raw = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new ByteArraySerializer()));
        try {
            raw.send(Topics.IDENTITY, notACloudEvent, ("{\"oops\": \"" + secret + "\"}").getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            raw.destroy();
        }
        CloudEvent unknown = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("/elsewhere"))
                .withType("org.example.unknown.v1").withSubject(unknownType).withDataContentType("application/json")
                .withData(("{\"secret\": \"" + secret + "\"}").getBytes(StandardCharsets.UTF_8)).build();
        kafka.send(Topics.IDENTITY, unknownType, unknown).get(10, TimeUnit.SECONDS);
        sender.send(new DoctorApproved(doctorId, "Dr After Poison", "oncology", UUID.randomUUID().toString()));

        awaitDoctor(doctorId, DoctorStatus.APPROVED);
        try (var dlt = TopicProbe.raw(broker, Topics.deadLetter(Topics.IDENTITY))) {
            List<ConsumerRecord<String, byte[]>> parked = dlt.await(
                    r -> r.key().equals(notACloudEvent) || r.key().equals(unknownType), 2);
            assertThat(parked).hasSize(2).allSatisfy(record -> {
                String reason = new String(record.headers().lastHeader("medledger-dlt-reason").value(), StandardCharsets.UTF_8);
                assertThat(reason).doesNotContain(secret);
                record.headers().forEach(header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .doesNotContain(secret));
            });
        }
    }

    private Doctor awaitDoctor(String doctorId, DoctorStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Doctor doctor = mongo.findById(doctorId, Doctor.class).block();
            return doctor != null && doctor.status() == status;
        });
        return mongo.findById(doctorId, Doctor.class).block();
    }
}
