package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.TestUsers;
import org.medledger.booking.TopicProbe;
import org.medledger.booking.identity.Patient;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.medledger.events.EventCodec;
import org.medledger.events.Topics;
import org.medledger.events.booking.AppointmentBooked;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;

/** Many patients at once against mongo-java-server: every slot has exactly one winner and nothing else is written. */
class BookingConcurrencyTests extends BookingIntegrationTest {

    /** Consumer bookkeeping of events other tests sent; booking requests never write it. */
    private static final Set<String> NOT_WRITTEN_BY_BOOKING = Set.of("processed_events");

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    EventCodec codec;

    private record Attempt(String slotId, String patientId, int status, String appointmentId, String problemType) {
    }

    @Test
    void book_200ConcurrentAttemptsOnOneSlot_exactlyOneWins() throws Exception {
        List<String> slotIds = List.of(api.publishSlot(TestUsers.doctor()));
        Map<String, Slot> before = slots(slotIds);
        Map<String, Long> counts = documentCounts();
        List<Attempt> attempts = attempt(slotIds, 200);

        assertThat(attempts).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(attempts).filteredOn(a -> a.status() == 409).hasSize(199)
                .allSatisfy(a -> assertThat(a.problemType()).isEqualTo("https://medledger.org/problems/slot-taken"));
        assertOneWinnerPerSlot(slotIds, before, counts, attempts);
    }

    @Test
    void book_200ConcurrentAttemptsOn20Slots_exactlyOneWinnerPerSlot() throws Exception {
        TestUsers doctor = TestUsers.doctor();
        Instant base = BookingApi.futureStart();
        List<String> slotIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slotIds.add(api.publishSlot(doctor, base.plus(Duration.ofMinutes(30L * i))));
        }
        Map<String, Slot> before = slots(slotIds);
        Map<String, Long> counts = documentCounts();
        List<Attempt> attempts = attempt(slotIds, 10);

        assertThat(attempts).hasSize(200);
        assertThat(attempts).filteredOn(a -> a.status() == 201).hasSize(20);
        assertThat(attempts).filteredOn(a -> a.status() == 409).hasSize(180)
                .allSatisfy(a -> assertThat(a.problemType()).isEqualTo("https://medledger.org/problems/slot-taken"));
        assertOneWinnerPerSlot(slotIds, before, counts, attempts);
    }

    @Test
    void book_samePatientTwoOverlappingSlotsOfTwoDoctorsAtOnce_oneIs201AndTheOther409Overlapping() throws Exception {
        TestUsers patient = TestUsers.patient();
        Instant start = BookingApi.futureStart();
        String first = api.publishSlot(TestUsers.doctor(), start);
        String second = api.publishSlot(TestUsers.doctor(), start.plus(Duration.ofMinutes(15)));

        List<Attempt> attempts = runConcurrently(List.of(book(patient, first), book(patient, second)));

        assertThat(attempts).extracting(Attempt::status).containsExactlyInAnyOrder(201, 409);
        assertThat(attempts).filteredOn(a -> a.status() == 409).singleElement()
                .extracting(Attempt::problemType).isEqualTo("https://medledger.org/problems/overlapping-appointment");
        Attempt winner = attempts.stream().filter(a -> a.status() == 201).findFirst().orElseThrow();
        assertThat(mongo.find(Query.query(Criteria.where("patientId").is(patient.id())), Appointment.class).collectList().block())
                .extracting(Appointment::id).containsExactly(winner.appointmentId());
        String loser = winner.slotId().equals(first) ? second : first;
        assertThat(mongo.findById(loser, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    /** {@code perSlot} attempts on each slot, each by a different patient, all at once and interleaved. */
    private List<Attempt> attempt(List<String> slotIds, int perSlot) throws Exception {
        List<Callable<Attempt>> tasks = new ArrayList<>();
        for (int i = 0; i < perSlot; i++) {
            for (String slotId : slotIds) {
                tasks.add(book(TestUsers.patient(), slotId));
            }
        }
        return runConcurrently(tasks);
    }

    private Callable<Attempt> book(TestUsers patient, String slotId) {
        return () -> {
            var result = api.bookRequest(patient, slotId, null).returnResult(JsonNode.class);
            JsonNode body = result.getResponseBody().blockFirst();
            int status = result.getStatus().value();
            return new Attempt(slotId, patient.id(), status, status == 201 ? body.get("id").asString() : null,
                    status == 201 ? null : body.get("type").asString());
        };
    }

    private void assertOneWinnerPerSlot(List<String> slotIds, Map<String, Slot> before, Map<String, Long> countsBefore,
            List<Attempt> attempts) {
        Map<String, List<Attempt>> winners = attempts.stream().filter(a -> a.status() == 201)
                .collect(Collectors.groupingBy(Attempt::slotId));
        Map<String, Slot> after = slots(slotIds);
        for (String slotId : slotIds) {
            assertThat(winners.get(slotId)).as("winners of slot %s", slotId).hasSize(1);
            String winner = winners.get(slotId).getFirst().appointmentId();
            Slot slot = after.get(slotId);
            assertThat(slot.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(slot.appointmentId()).isEqualTo(winner);
            assertThat(slot.bookedAt()).isNotNull();
            // the claim changed the booking fields and nothing else
            assertThat(slot).usingRecursiveComparison().ignoringFields("status", "appointmentId", "bookedAt")
                    .isEqualTo(before.get(slotId));
            List<Appointment> appointments = mongo.find(Query.query(Criteria.where("slotId").is(slotId)), Appointment.class)
                    .collectList().block();
            assertThat(appointments).extracting(Appointment::id).containsExactly(winner);
        }
        Set<String> winnerIds = attempts.stream().filter(a -> a.status() == 201).map(Attempt::appointmentId)
                .collect(Collectors.toSet());
        Set<String> winnerPatients = attempts.stream().filter(a -> a.status() == 201).map(Attempt::patientId)
                .collect(Collectors.toSet());
        Set<String> allPatients = attempts.stream().map(Attempt::patientId).collect(Collectors.toSet());
        // the losers wrote no appointment and no patient entry; each winner one of each
        assertThat(mongo.find(Query.query(Criteria.where("patientId").in(allPatients)), Appointment.class).collectList().block())
                .extracting(Appointment::id).containsExactlyInAnyOrderElementsOf(winnerIds);
        assertThat(mongo.find(Query.query(Criteria.where("_id").in(allPatients)), Patient.class).collectList().block())
                .extracting(Patient::id).containsExactlyInAnyOrderElementsOf(winnerPatients);
        // exactly one AppointmentBooked per winner reaches the topic, none for a loser, and the outboxes drain
        try (var probe = TopicProbe.cloudEvents(broker, Topics.BOOKING)) {
            probe.await(r -> winnerIds.contains(r.key()), winnerIds.size());
            List<ConsumerRecord<String, CloudEvent>> booked = probe.drain(r -> slotIds.contains(bookedSlot(r)), Duration.ofSeconds(1));
            assertThat(booked).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(winnerIds);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo.find(
                Query.query(Criteria.where("_id").in(winnerIds)), Appointment.class).collectList().block())
                .allSatisfy(appointment -> assertThat(appointment.outbox()).isEmpty()));
        // nothing else anywhere: the losers' patient locks are all released, and no collection grew beyond the
        // winners' appointments and patient entries
        Map<String, Long> expected = new HashMap<>(countsBefore);
        expected.merge(Appointment.COLLECTION, (long) winnerIds.size(), Long::sum);
        expected.merge(Patient.COLLECTION, (long) winnerPatients.size(), Long::sum);
        expected.put("locks", 0L);
        assertThat(documentCounts()).isEqualTo(expected);
    }

    private String bookedSlot(ConsumerRecord<String, CloudEvent> record) {
        return codec.decode(record.value()).data() instanceof AppointmentBooked booked ? booked.slotId() : "";
    }

    private Map<String, Slot> slots(List<String> slotIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(slotIds)), Slot.class).collectMap(Slot::id, Function.identity())
                .block();
    }

    /** Documents per collection. */
    private Map<String, Long> documentCounts() {
        return mongo.getCollectionNames()
                .filter(name -> !NOT_WRITTEN_BY_BOOKING.contains(name))
                .flatMap(name -> mongo.count(new Query(), name).map(count -> Map.entry(name, count)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block();
    }
}
