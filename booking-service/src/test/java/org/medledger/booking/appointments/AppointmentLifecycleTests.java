package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.TestUsers;
import org.medledger.booking.identity.Patient;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.medledger.events.MalformedEventException;
import org.medledger.events.report.ReportStored;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class AppointmentLifecycleTests extends BookingIntegrationTest {

    @Autowired
    Appointments appointments;
    @Autowired
    SlotReconciler reconciler;

    private final TestUsers doctor = TestUsers.doctor();
    private final TestUsers patient = TestUsers.patient();
    private Instant start;
    private String slotId;
    private String id;

    private void booked() {
        start = BookingApi.futureStart();
        slotId = api.publishSlot(doctor, start);
        id = api.book(patient, slotId);
    }

    private void started() {
        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(5))));
    }

    private void completed() {
        booked();
        started();
        api.post(doctor, uri("complete")).expectStatus().isOk();
    }

    private void reportAvailable() {
        completed();
        appointments.reportStored(reportStored(id, doctor.id(), patient.id())).block();
    }

    private void cancelled() {
        booked();
        api.post(patient, uri("cancel")).expectStatus().isOk();
    }

    @Test
    void complete_byDoctorAfterStart_isCompleted() {
        booked();
        started();
        JsonNode body = api.post(doctor, uri("complete")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(body.get("completedAt").isNull()).isFalse();
        assertThat(mongo.findById(id, Appointment.class).block().status()).isEqualTo(AppointmentStatus.COMPLETED);
    }

    @Test
    void complete_beforeStart_is409NotStarted() {
        booked();
        api.post(doctor, uri("complete")).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/appointment-not-started");
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void complete_byThePatient_is403() {
        booked();
        started();
        api.post(patient, uri("complete")).expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-only");
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void complete_byAnotherDoctor_is404() {
        booked();
        started();
        api.post(TestUsers.doctor(), uri("complete")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/appointment-not-found");
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void complete_byAnotherPatient_is404() {
        booked();
        started();
        api.post(TestUsers.patient(), uri("complete")).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/appointment-not-found");
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void complete_whenCompleted_is409() {
        completed();
        assertIllegal(doctor, "complete", AppointmentStatus.COMPLETED);
    }

    @Test
    void complete_whenCancelled_is409() {
        cancelled();
        started();
        assertIllegal(doctor, "complete", AppointmentStatus.CANCELLED);
    }

    @Test
    void complete_whenReportAvailable_is409() {
        reportAvailable();
        assertIllegal(doctor, "complete", AppointmentStatus.REPORT_AVAILABLE);
    }

    @Test
    void cancel_byPatient_isCancelledAndFreesTheSlot() {
        booked();
        JsonNode body = api.post(patient, uri("cancel")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(body.get("cancelledBy").asString()).isEqualTo(patient.id());
        Slot slot = mongo.findById(slotId, Slot.class).block();
        assertThat(slot.status()).isEqualTo(SlotStatus.FREE);
        assertThat(slot.appointmentId()).isNull();
    }

    @Test
    void cancel_byDoctor_isCancelled() {
        booked();
        JsonNode body = api.post(doctor, uri("cancel")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("cancelledBy").asString()).isEqualTo(doctor.id());
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void cancel_byAnotherPatientOrDoctor_is404AndChangesNothing() {
        booked();
        api.post(TestUsers.patient(), uri("cancel")).expectStatus().isNotFound();
        api.post(TestUsers.doctor(), uri("cancel")).expectStatus().isNotFound();
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void cancel_whenCancelled_is409() {
        cancelled();
        assertIllegal(doctor, "cancel", AppointmentStatus.CANCELLED);
    }

    @Test
    void cancel_whenCompleted_is409() {
        completed();
        assertIllegal(patient, "cancel", AppointmentStatus.COMPLETED);
    }

    @Test
    void cancel_whenReportAvailable_is409() {
        reportAvailable();
        assertIllegal(patient, "cancel", AppointmentStatus.REPORT_AVAILABLE);
    }

    @Test
    void reportStored_whenCompleted_makesReportAvailable() {
        reportAvailable();
        Appointment appointment = mongo.findById(id, Appointment.class).block();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.REPORT_AVAILABLE);
        assertThat(api.appointment(patient, id).get("reportId").asString()).isEqualTo(appointment.reportId()).isNotNull();
    }

    @Test
    void reportStored_repeated_isIdempotent() {
        completed();
        ReportStored event = reportStored(id, doctor.id(), patient.id());
        appointments.reportStored(event).block();
        appointments.reportStored(event).block();
        assertThat(mongo.findById(id, Appointment.class).block().reportId()).isEqualTo(event.reportId());
    }

    @Test
    void reportStored_whenBooked_isRefusedAndChangesNothing() {
        booked();
        assertThatThrownBy(
                        () -> appointments.reportStored(reportStored(id, doctor.id(), patient.id())).block())
                .isInstanceOf(MalformedEventException.class);
        assertThat(status()).isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void reportStored_whenCancelled_isRefusedAndChangesNothing() {
        cancelled();
        assertThatThrownBy(
                        () -> appointments.reportStored(reportStored(id, doctor.id(), patient.id())).block())
                .isInstanceOf(MalformedEventException.class);
        assertThat(status()).isEqualTo(AppointmentStatus.CANCELLED);
    }

    @Test
    void reportStored_ofAnotherDoctor_isRefusedAndChangesNothing() {
        completed();
        assertThatThrownBy(
                        () -> appointments.reportStored(reportStored(id, UUID.randomUUID().toString(), patient.id())).block())
                .isInstanceOf(MalformedEventException.class);
        assertThat(status()).isEqualTo(AppointmentStatus.COMPLETED);
    }

    @Test
    void find_byOtherPatientOrDoctor_is404ButOwnPartiesSeeIt() {
        booked();
        api.get(TestUsers.patient(), "/api/bookings/appointments/" + id).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.get(TestUsers.doctor(), "/api/bookings/appointments/" + id).expectStatus().isNotFound();
        api.get(patient, "/api/bookings/appointments/" + UUID.randomUUID()).expectStatus().isNotFound();
        assertThat(api.appointment(patient, id).get("id").asString()).isEqualTo(id);
    }

    @Test
    void find_byTheDoctor_showsWhatReportChainServiceNeeds() {
        completed();
        JsonNode seen = api.appointment(doctor, id);
        assertThat(seen.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(seen.get("doctorId").asString()).isEqualTo(doctor.id());
        assertThat(seen.get("patientId").asString()).isEqualTo(patient.id());
        assertThat(seen.get("symptoms").asString()).isEqualTo("Persistent cough for two weeks");
        assertThat(seen.get("age").asInt()).isEqualTo(42);
    }

    @Test
    void list_showsOwnAppointmentsWithNamesAndFilters() {
        booked();
        String firstId = id;
        mongo.upsert(Query.query(Criteria.where("_id").is(patient.id())), new Update().set("name", "Pat Renamed"),
                Patient.class).block();
        Instant later = start.plus(Duration.ofDays(1));
        String secondId = api.book(patient, api.publishSlot(TestUsers.doctor(), later));
        api.book(TestUsers.patient(), api.publishSlot(doctor, start.plus(Duration.ofHours(2)))); // another patient's
        api.post(patient, "/api/bookings/appointments/" + secondId + "/cancel").expectStatus().isOk();

        JsonNode mine = list(patient, "");
        assertThat(mine.get("items")).extracting(item -> item.get("id").asString()).containsExactly(firstId, secondId);
        JsonNode first = mine.get("items").get(0);
        assertThat(first.get("doctorName").asString()).isEqualTo("User " + doctor.id());
        assertThat(first.get("patientName").asString()).isEqualTo("Pat Renamed");

        assertThat(list(patient, "?status=CANCELLED").get("items")).extracting(item -> item.get("id").asString())
                .containsExactly(secondId);
        assertThat(list(patient, "?from=" + later).get("items")).extracting(item -> item.get("id").asString())
                .containsExactly(secondId);
        assertThat(list(patient, "?to=" + later).get("items")).extracting(item -> item.get("id").asString())
                .containsExactly(firstId);
        assertThat(list(patient, "?size=1&page=1").get("items")).extracting(item -> item.get("id").asString())
                .containsExactly(secondId);

        // the doctor's view: both of the doctor's appointments, not the patient's other one
        assertThat(list(doctor, "").get("totalItems").asLong()).isEqualTo(2);
        assertThat(list(doctor, "?status=BOOKED").get("items")).extracting(item -> item.get("patientId").asString())
                .contains(patient.id());
        // someone else sees nothing
        assertThat(list(TestUsers.patient(), "").get("totalItems").asLong()).isZero();
    }

    @Test
    void list_badStatusOrWindow_is400() {
        for (String query : List.of("?status=LOST", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "?from=soon",
                "?size=1000")) {
            api.get(patient, "/api/bookings/appointments" + query).expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void list_instantsBeyondWhatMongoDbStores_are400InvalidWindowNever500() {
        for (var window : List.of(Map.of("from", "+999999999-01-01T00:00:00Z"), Map.of("to", "+999999999-01-01T00:00:00Z"),
                Map.of("from", "-999999999-01-01T00:00:00Z"), Map.of("from", "1969-12-31T23:59:59Z", "to", "2026-01-01T00:00:00Z"))) {
            api.get(patient, "/api/bookings/appointments", window)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/invalid-window");
        }
    }

    @Test
    void reconcile_slotOfCancelledAppointmentStillBooked_isFreed() {
        booked();
        // as if the service died between the cancel and the release of the slot
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", AppointmentStatus.CANCELLED),
                Appointment.class).block();
        reconciler.reconcile().block();
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void reconcile_claimWithoutAppointment_isFreedOnlyOnceAbandoned() {
        start = BookingApi.futureStart();
        slotId = api.publishSlot(doctor, start);
        // as if the service died between claiming the slot and writing the appointment
        mongo.updateFirst(Query.query(Criteria.where("_id").is(slotId)), new Update().set("status", SlotStatus.BOOKED)
                .set("appointmentId", UUID.randomUUID().toString()).set("bookedAt", clock.instant()), Slot.class).block();
        reconciler.reconcile().block();
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.BOOKED);

        clock.advance(Duration.ofMinutes(2));
        reconciler.reconcile().block();
        assertThat(mongo.findById(slotId, Slot.class).block().status()).isEqualTo(SlotStatus.FREE);
    }

    @Test
    void reconcile_healthyBooking_isLeftAlone() {
        booked();
        clock.advance(Duration.ofMinutes(2));
        reconciler.reconcile().block();
        assertThat(mongo.findById(slotId, Slot.class).block().appointmentId()).isEqualTo(id);
    }

    private JsonNode list(TestUsers user, String query) {
        return api.get(user, "/api/bookings/appointments" + query).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void assertIllegal(TestUsers caller, String action, AppointmentStatus current) {
        api.post(caller, uri(action)).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/illegal-transition")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(current.name()));
        assertThat(status()).isEqualTo(current);
    }

    private AppointmentStatus status() {
        return mongo.findById(id, Appointment.class).block().status();
    }

    private String uri(String action) {
        return "/api/bookings/appointments/" + id + "/" + action;
    }

    static ReportStored reportStored(String appointmentId, String doctorId, String patientId) {
        return new ReportStored(UUID.randomUUID().toString(), appointmentId, patientId, doctorId, "ab".repeat(32), 1024, 1,
                UUID.randomUUID().toString());
    }
}
