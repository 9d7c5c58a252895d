package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.TestUsers;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/** Many patients at once against mongo-java-server: every slot has exactly one winner and nothing else is written. */
class BookingConcurrencyTests extends BookingIntegrationTest {

    private record Attempt(String slotId, int status, String appointmentId, String problemType) {
    }

    @Test
    void book_200ConcurrentAttemptsOnOneSlot_exactlyOneWins() throws Exception {
        String slotId = api.publishSlot(TestUsers.doctor());
        List<Attempt> attempts = attempt(List.of(slotId), 200);

        assertThat(attempts).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(attempts).filteredOn(a -> a.status() == 409).hasSize(199)
                .allSatisfy(a -> assertThat(a.problemType()).isEqualTo("https://medledger.org/problems/slot-taken"));
        assertOneWinnerPerSlot(List.of(slotId), attempts);
    }

    @Test
    void book_200ConcurrentAttemptsOn20Slots_exactlyOneWinnerPerSlot() throws Exception {
        TestUsers doctor = TestUsers.doctor();
        Instant base = BookingApi.futureStart();
        List<String> slotIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slotIds.add(api.publishSlot(doctor, base.plus(Duration.ofMinutes(30L * i))));
        }
        List<Attempt> attempts = attempt(slotIds, 10);

        assertThat(attempts).hasSize(200);
        assertThat(attempts).filteredOn(a -> a.status() == 201).hasSize(20);
        assertThat(attempts).filteredOn(a -> a.status() == 409).hasSize(180)
                .allSatisfy(a -> assertThat(a.problemType()).isEqualTo("https://medledger.org/problems/slot-taken"));
        assertOneWinnerPerSlot(slotIds, attempts);
    }

    /** {@code perSlot} attempts on each slot, each by a different patient, all at once and interleaved. */
    private List<Attempt> attempt(List<String> slotIds, int perSlot) throws Exception {
        List<Callable<Attempt>> tasks = new ArrayList<>();
        for (int i = 0; i < perSlot; i++) {
            for (String slotId : slotIds) {
                TestUsers patient = TestUsers.patient();
                tasks.add(() -> {
                    var result = api.bookRequest(patient, slotId, null).returnResult(JsonNode.class);
                    JsonNode body = result.getResponseBody().blockFirst();
                    int status = result.getStatus().value();
                    return new Attempt(slotId, status, status == 201 ? body.get("id").asString() : null,
                            status == 201 ? null : body.get("type").asString());
                });
            }
        }
        return runConcurrently(tasks);
    }

    private void assertOneWinnerPerSlot(List<String> slotIds, List<Attempt> attempts) {
        Map<String, List<Attempt>> winners = attempts.stream().filter(a -> a.status() == 201)
                .collect(Collectors.groupingBy(Attempt::slotId));
        for (String slotId : slotIds) {
            assertThat(winners.get(slotId)).as("winners of slot %s", slotId).hasSize(1);
            String winner = winners.get(slotId).getFirst().appointmentId();
            Slot slot = mongo.findById(slotId, Slot.class).block();
            assertThat(slot.status()).isEqualTo(SlotStatus.BOOKED);
            assertThat(slot.appointmentId()).isEqualTo(winner);
            List<Appointment> appointments = mongo.find(Query.query(Criteria.where("slotId").is(slotId)), Appointment.class)
                    .collectList().block();
            assertThat(appointments).extracting(Appointment::id).containsExactly(winner);
        }
        // the losers' patient locks are all released
        assertThat(mongo.count(new Query(), "locks").block()).isZero();
    }
}
