package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.TestUsers;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class BookingApiTests extends BookingIntegrationTest {

    @Test
    void book_freeSlot_is201BookedAndClaimsTheSlot() {
        TestUsers doctor = TestUsers.doctor();
        TestUsers patient = TestUsers.patient();
        Instant start = BookingApi.futureStart();
        String slotId = api.publishSlot(doctor, start);

        JsonNode body = api.bookRequest(patient, slotId, null)
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/bookings/appointments/[0-9a-f-]{36}")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("status").asString()).isEqualTo("BOOKED");
        assertThat(body.get("slotId").asString()).isEqualTo(slotId);
        assertThat(body.get("doctorId").asString()).isEqualTo(doctor.id());
        assertThat(Instant.parse(body.get("start").asString())).isEqualTo(start);

        Slot slot = mongo.findById(slotId, Slot.class).block();
        assertThat(slot.status()).isEqualTo(SlotStatus.BOOKED);
        assertThat(slot.appointmentId()).isEqualTo(body.get("id").asString());
        Appointment stored = mongo.findById(body.get("id").asString(), Appointment.class).block();
        assertThat(stored.patientId()).isEqualTo(patient.id());
        assertThat(stored.symptoms()).isEqualTo("Persistent cough for two weeks");
        assertThat(stored.age()).isEqualTo(42);
    }

    @Test
    void book_takenSlot_is409SlotTaken() {
        String slotId = api.publishSlot(TestUsers.doctor());
        api.book(TestUsers.patient(), slotId);
        api.bookRequest(TestUsers.patient(), slotId, null)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/slot-taken");
    }

    @Test
    void book_slotThatHasStarted_is409SlotInPast() {
        Instant start = BookingApi.futureStart();
        String slotId = api.publishSlot(TestUsers.doctor(), start);
        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(1))));
        api.bookRequest(TestUsers.patient(), slotId, null)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/slot-in-past");
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void book_slotOfDoctorNoLongerApproved_is409DoctorNotApproved() {
        TestUsers doctor = TestUsers.doctor();
        String slotId = api.publishSlot(doctor);
        rejectInProjection(doctor);
        api.bookRequest(TestUsers.patient(), slotId, null)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-not-approved");
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void book_overlappingAppointmentOfSamePatient_is409() {
        TestUsers patient = TestUsers.patient();
        Instant start = BookingApi.futureStart();
        api.book(patient, api.publishSlot(TestUsers.doctor(), start));
        String overlapping = api.publishSlot(TestUsers.doctor(), start.plus(Duration.ofMinutes(15)));
        api.bookRequest(patient, overlapping, null)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/overlapping-appointment");
        // back to back is fine
        api.book(patient, api.publishSlot(TestUsers.doctor(), start.plus(Duration.ofMinutes(30))));
    }

    @Test
    void book_overlappingACompletedOrReportedAppointmentNotYetEnded_is409ButACancelledOneDoesNotBlock() {
        TestUsers patient = TestUsers.patient();
        TestUsers doctor = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        String first = api.book(patient, api.publishSlot(doctor, start));
        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(5))));
        api.post(doctor, "/api/bookings/appointments/" + first + "/complete").expectStatus().isOk();
        // another doctor's slot in the rest of the completed appointment's time
        String overlapping = api.publishSlot(TestUsers.doctor(), start.plus(Duration.ofMinutes(10)));

        for (AppointmentStatus status : List.of(AppointmentStatus.COMPLETED, AppointmentStatus.REPORT_AVAILABLE)) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(first)), new Update().set("status", status),
                    Appointment.class).block();
            api.bookRequest(patient, overlapping, null)
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/overlapping-appointment");
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(first)), new Update().set("status", AppointmentStatus.CANCELLED),
                Appointment.class).block();
        api.book(patient, overlapping);
    }

    @Test
    void book_unknownSlot_is404() {
        api.bookRequest(TestUsers.patient(), UUID.randomUUID().toString(), null)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/slot-not-found");
    }

    @Test
    void book_ownSlotByDoctorWhoIsAlsoPatient_is409() {
        TestUsers both = TestUsers.withRoles("doctor", "patient");
        String slotId = api.publishSlot(both);
        api.bookRequest(both, slotId, null)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/own-slot");
    }

    @Test
    void book_callerWithoutPatientRole_is403() {
        String slotId = api.publishSlot(TestUsers.doctor());
        api.bookRequest(TestUsers.doctor(), slotId, null)
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/role-required");
    }

    @Test
    void book_invalidFields_are400ProblemsThatNeverEchoSymptoms() {
        String slotId = api.publishSlot(TestUsers.doctor());
        TestUsers patient = TestUsers.patient();
        String secret = "SECRET-SYMPTOM-" + UUID.randomUUID();
        List<Map<String, Object>> bodies = List.of(
                body(slotId, "", 40),
                body(slotId, "   ", 40),
                body(slotId, secret + "x".repeat(2000), 40),
                body(slotId, secret, -1),
                body(slotId, secret, 151),
                body(null, secret, 40),
                body(slotId, null, 40),
                body(slotId, secret, null),
                Map.of("slotId", slotId, "symptoms", secret, "age", "forty"),
                Map.of("slotId", List.of(slotId), "symptoms", secret, "age", 40));
        for (Map<String, Object> body : bodies) {
            String answer = api.bookRequest(patient, body, null)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(answer).doesNotContain(secret);
        }
        webTestClient.mutateWith(patient.jwt()).post().uri("/api/bookings/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"slotId\": \"" + slotId + "\", \"symptoms\": \"" + secret)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(answer -> assertThat(answer).doesNotContain(secret));
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void book_boundaryValues_areAccepted() {
        api.bookRequest(TestUsers.patient(), body(api.publishSlot(TestUsers.doctor()), "x".repeat(2000), 150), null)
                .expectStatus().isCreated();
        api.bookRequest(TestUsers.patient(), body(api.publishSlot(TestUsers.doctor()), "x", 0), null)
                .expectStatus().isCreated();
    }

    @Test
    void book_sameIdempotencyKeyReplayed_returnsSameAnswerAndBooksOnce() {
        TestUsers patient = TestUsers.patient();
        String slotId = api.publishSlot(TestUsers.doctor());
        String key = UUID.randomUUID().toString();

        JsonNode first = api.bookRequest(patient, slotId, key).expectStatus().isCreated()
                .expectHeader().doesNotExist("Idempotent-Replayed")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode second = api.bookRequest(patient, slotId, key).expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second).isEqualTo(first);
        assertThat(mongo.count(Query.query(Criteria.where("patientId").is(patient.id())), Appointment.class).block()).isEqualTo(1);

        // still the same answer after the appointment was cancelled: the key names that one booking
        api.post(patient, "/api/bookings/appointments/" + first.get("id").asString() + "/cancel").expectStatus().isOk();
        JsonNode third = api.bookRequest(patient, slotId, key).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(third).isEqualTo(first);
        assertThat(mongo.count(Query.query(Criteria.where("patientId").is(patient.id())), Appointment.class).block()).isEqualTo(1);
    }

    @Test
    void book_concurrentRetriesWithSameKey_bookOnceAndAllGetTheSameAnswer() throws Exception {
        TestUsers patient = TestUsers.patient();
        String slotId = api.publishSlot(TestUsers.doctor());
        String key = UUID.randomUUID().toString();
        List<java.util.concurrent.Callable<String>> retries = java.util.stream.IntStream.range(0, 10)
                .<java.util.concurrent.Callable<String>>mapToObj(i -> () -> api.bookRequest(patient, slotId, key)
                        .expectStatus().isCreated()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString())
                .toList();
        assertThat(runConcurrently(retries)).containsOnly(IdempotencyKeys.appointmentId(patient.id(), key));
        assertThat(mongo.count(Query.query(Criteria.where("patientId").is(patient.id())), Appointment.class).block()).isEqualTo(1);
    }

    @Test
    void book_sameKeyByAnotherPatient_isAnotherBooking() {
        String key = UUID.randomUUID().toString();
        String first = api.bookRequest(TestUsers.patient(), api.publishSlot(TestUsers.doctor()), key).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String second = api.bookRequest(TestUsers.patient(), api.publishSlot(TestUsers.doctor()), key).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void book_sameKeyForDifferentRequest_is422() {
        TestUsers patient = TestUsers.patient();
        String key = UUID.randomUUID().toString();
        api.bookRequest(patient, api.publishSlot(TestUsers.doctor()), key).expectStatus().isCreated();
        api.bookRequest(patient, api.publishSlot(TestUsers.doctor()), key)
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/idempotency-key-reused");
    }

    @Test
    void book_malformedIdempotencyKey_is400() {
        api.bookRequest(TestUsers.patient(), api.publishSlot(TestUsers.doctor()), "x".repeat(200))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/invalid-idempotency-key");
    }

    @Test
    void book_afterCancellation_slotCanBeBookedAgain() {
        String slotId = api.publishSlot(TestUsers.doctor());
        TestUsers first = TestUsers.patient();
        String appointmentId = api.book(first, slotId);
        api.post(first, "/api/bookings/appointments/" + appointmentId + "/cancel").expectStatus().isOk();
        api.book(TestUsers.patient(), slotId);
    }

    private static Map<String, Object> body(String slotId, String symptoms, Integer age) {
        Map<String, Object> body = new HashMap<>();
        body.put("slotId", slotId);
        body.put("symptoms", symptoms);
        body.put("age", age);
        return body;
    }
}
