package org.medledger.booking.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingApi;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.TestUsers;
import org.medledger.booking.identity.Doctor;
import org.medledger.booking.identity.DoctorStatus;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class SlotApiTests extends BookingIntegrationTest {

    @Test
    void publish_singleSlotByDoctor_isCreatedAndListedAsFree() {
        TestUsers doctor = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        String id = api.publishSlot(doctor, start);

        JsonNode page = list("/api/bookings/slots?doctorId=" + doctor.id(), TestUsers.patient());
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        JsonNode slot = page.get("items").get(0);
        assertThat(slot.get("id").asString()).isEqualTo(id);
        assertThat(slot.get("doctorId").asString()).isEqualTo(doctor.id());
        assertThat(slot.get("doctorName").asString()).isEqualTo("User " + doctor.id());
        assertThat(Instant.parse(slot.get("start").asString())).isEqualTo(start);
        assertThat(Instant.parse(slot.get("end").asString())).isEqualTo(start.plus(Duration.ofMinutes(30)));
        assertThat(slot.get("status").asString()).isEqualTo("FREE");
    }

    @Test
    void publish_tokenDoctorUnknownToProjection_isRecordedApproved() {
        TestUsers doctor = TestUsers.doctor();
        api.publishSlot(doctor);
        Doctor recorded = mongo.findById(doctor.id(), Doctor.class).block();
        assertThat(recorded).isNotNull();
        assertThat(recorded.status()).isEqualTo(DoctorStatus.APPROVED);
    }

    @Test
    void publish_patientToken_is403() {
        publish(TestUsers.patient(), single(BookingApi.futureStart(), 30))
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/role-required");
    }

    @Test
    void publish_doctorRejectedInProjection_is403EvenWithDoctorRole() {
        TestUsers doctor = TestUsers.doctor();
        mongo.insert(new Doctor(doctor.id(), "Dr Rejected", null, DoctorStatus.REJECTED, Instant.now())).block();
        publish(doctor, single(BookingApi.futureStart(), 30))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-not-approved");
        assertThat(mongo.findById(doctor.id(), Doctor.class).block().status()).isEqualTo(DoctorStatus.REJECTED);
    }

    @Test
    void publish_doctorPendingInProjectionWithDoctorRole_trustsTheToken() {
        TestUsers doctor = TestUsers.doctor();
        mongo.insert(new Doctor(doctor.id(), "Dr Pending", null, DoctorStatus.PENDING, Instant.now())).block();
        api.publishSlot(doctor);
        Doctor recorded = mongo.findById(doctor.id(), Doctor.class).block();
        assertThat(recorded.status()).isEqualTo(DoctorStatus.APPROVED);
        assertThat(recorded.name()).isEqualTo("Dr Pending");
    }

    @Test
    void publish_overlappingOwnSlot_is409AndBackToBackIsFine() {
        TestUsers doctor = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        api.publishSlot(doctor, start);
        publish(doctor, single(start.plus(Duration.ofMinutes(15)), 30))
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/slot-overlap");
        publish(doctor, single(start.minus(Duration.ofMinutes(10)), 60)).expectStatus().isEqualTo(409);
        publish(doctor, single(start, 30)).expectStatus().isEqualTo(409);
        publish(doctor, single(start.plus(Duration.ofMinutes(30)), 30)).expectStatus().isCreated();
        publish(doctor, single(start.minus(Duration.ofMinutes(30)), 30)).expectStatus().isCreated();
    }

    @Test
    void publish_otherDoctorsSameTime_doesNotConflict() {
        Instant start = BookingApi.futureStart();
        api.publishSlot(TestUsers.doctor(), start);
        api.publishSlot(TestUsers.doctor(), start);
    }

    @Test
    void publish_concurrentOverlappingSlots_exactlyOneIsCreated() throws Exception {
        TestUsers doctor = TestUsers.doctor();
        api.publishSlot(doctor); // the projection entry exists, so every attempt races only on the slots
        Instant base = BookingApi.futureStart();
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant start = base.plus(Duration.ofMinutes(i)); // all different starts, all overlapping each other
            attempts.add(() -> publish(doctor, single(start, 30)).returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = runConcurrently(attempts);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(9);
        long stored = mongo.count(Query.query(Criteria.where("doctorId").is(doctor.id())
                .and("start").gte(base).lt(base.plus(Duration.ofHours(1)))), Slot.class).block();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void publish_weeklyPattern_createsEverySlot() {
        TestUsers doctor = TestUsers.doctor();
        LocalDate day = LocalDate.ofInstant(BookingApi.futureStart(), ZoneOffset.UTC);
        Map<String, Object> pattern = Map.of("from", day.toString(), "to", day.plusDays(13).toString(),
                "daysOfWeek", List.of(day.getDayOfWeek().name(), day.plusDays(2).getDayOfWeek().name()),
                "startTime", "09:00", "endTime", "10:30", "slotMinutes", 30, "zone", "UTC");
        JsonNode created = publish(doctor, Map.of("pattern", pattern)).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(created.get("count").asInt()).isEqualTo(12);
        assertThat(created.get("ids")).hasSize(12);
        assertThat(created.has("id")).isFalse();

        JsonNode page = list("/api/bookings/slots?doctorId=" + doctor.id() + "&size=5", doctor);
        assertThat(page.get("totalItems").asLong()).isEqualTo(12);
        assertThat(page.get("items")).hasSize(5);
        JsonNode last = list("/api/bookings/slots?doctorId=" + doctor.id() + "&size=5&page=2", doctor);
        assertThat(last.get("items")).hasSize(2);

        // publishing the same pattern again overlaps every slot: nothing more is written
        publish(doctor, Map.of("pattern", pattern)).expectStatus().isEqualTo(409);
        assertThat(list("/api/bookings/slots?doctorId=" + doctor.id(), doctor).get("totalItems").asLong()).isEqualTo(12);
    }

    @Test
    void list_window_filtersByStartAndExcludesPastAndBooked() {
        TestUsers doctor = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        String first = api.publishSlot(doctor, start);
        String second = api.publishSlot(doctor, start.plus(Duration.ofHours(1)));
        api.publishSlot(doctor, start.plus(Duration.ofDays(40)));

        JsonNode window = list("/api/bookings/slots?doctorId=" + doctor.id() + "&from=" + start + "&to="
                + start.plus(Duration.ofMinutes(61)), doctor);
        assertThat(window.get("items")).extracting(item -> item.get("id").asString()).containsExactly(first, second);
        // default window: 30 days from now, so the slot 40 days ahead is not in it
        assertThat(list("/api/bookings/slots?doctorId=" + doctor.id(), doctor).get("totalItems").asLong()).isEqualTo(2);

        api.book(TestUsers.patient(), first);
        assertThat(list("/api/bookings/slots?doctorId=" + doctor.id(), doctor).get("items"))
                .extracting(item -> item.get("id").asString()).containsExactly(second);

        clock.advance(Duration.between(Instant.now(), start.plus(Duration.ofMinutes(90))));
        assertThat(list("/api/bookings/slots?doctorId=" + doctor.id(), doctor).get("totalItems").asLong()).isZero();
    }

    @Test
    void list_badWindowOrPaging_is400Problem() {
        TestUsers user = TestUsers.patient();
        Instant now = Instant.now();
        for (String query : List.of("from=" + now.plus(Duration.ofDays(2)) + "&to=" + now.plus(Duration.ofDays(1)),
                "from=" + now + "&to=" + now.plus(Duration.ofDays(93)), "size=0", "size=201", "page=-1", "from=yesterday",
                "size=ten")) {
            api.get(user, "/api/bookings/slots?" + query)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void list_instantsBeyondWhatMongoDbStores_are400InvalidWindowNever500() {
        for (var window : List.of(Map.of("from", "+999999999-01-01T00:00:00Z"),
                Map.of("from", "+999999999-01-01T00:00:00Z", "to", "+999999999-01-02T00:00:00Z"),
                Map.of("from", "-999999999-01-01T00:00:00Z", "to", "-999999999-01-02T00:00:00Z"),
                Map.of("from", "1969-12-31T00:00:00Z", "to", "1970-01-01T01:00:00Z"))) {
            for (String path : List.of("/api/bookings/slots", "/api/bookings/slots/mine")) {
                api.get(TestUsers.doctor(), path, window)
                        .expectStatus().isBadRequest()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/invalid-window");
            }
        }
    }

    @Test
    void list_slotsOfADoctorNoLongerApproved_areNotListed() {
        TestUsers approved = TestUsers.doctor();
        TestUsers rejected = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        String kept = api.publishSlot(approved, start);
        String hidden = api.publishSlot(rejected, start);
        rejectInProjection(rejected);
        String window = "from=" + start + "&to=" + start.plus(Duration.ofMinutes(1));

        assertThat(list("/api/bookings/slots?" + window, TestUsers.patient()).get("items"))
                .extracting(item -> item.get("id").asString()).contains(kept).doesNotContain(hidden);
        assertThat(list("/api/bookings/slots?doctorId=" + rejected.id() + "&" + window, TestUsers.patient())
                .get("totalItems").asLong()).isZero();
        assertThat(list("/api/bookings/slots?doctorId=" + approved.id() + "&" + window, TestUsers.patient())
                .get("items")).extracting(item -> item.get("id").asString()).containsExactly(kept);
        // the doctor still sees their own slot
        assertThat(list("/api/bookings/slots/mine?" + window, rejected).get("items"))
                .extracting(item -> item.get("id").asString()).containsExactly(hidden);
    }

    @Test
    void publish_extremeDates_are400ProblemsAtOnce() {
        TestUsers doctor = TestUsers.doctor();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Object> bodies = List.of(
                Map.of("start", "+999999999-01-01T00:00:00Z", "end", "+999999999-01-01T00:30:00Z"),
                Map.of("start", "-999999999-01-01T00:00:00Z", "end", "-999999999-01-01T00:30:00Z"),
                Map.of("pattern", Map.of("from", "-999999999-01-01", "to", today, "daysOfWeek", List.of("MONDAY"),
                        "startTime", "09:00", "endTime", "10:00", "slotMinutes", 30, "zone", "UTC")),
                Map.of("pattern", Map.of("from", today, "to", "+999999999-12-31", "daysOfWeek", List.of("MONDAY"),
                        "startTime", "09:00", "endTime", "09:20", "slotMinutes", 30, "zone", "UTC")),
                Map.of("pattern", Map.of("from", LocalDate.now(ZoneOffset.UTC).plusDays(2).toString(), "to",
                        LocalDate.now(ZoneOffset.UTC).plusDays(9).toString(), "daysOfWeek", List.of("MONDAY"),
                        "startTime", "09:00", "endTime", "09:20", "slotMinutes", 30, "zone", "UTC")));
        for (Object body : bodies) {
            api.web().mutateWith(doctor.jwt()).mutate().responseTimeout(Duration.ofSeconds(10)).build()
                    .post().uri("/api/bookings/slots").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/invalid-slot");
        }
    }

    @Test
    void list_withoutToken_is401Problem() {
        webTestClient.get().uri("/api/bookings/slots").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void publish_invalidBodies_are400ProblemsNever500() {
        TestUsers doctor = TestUsers.doctor();
        Instant start = BookingApi.futureStart();
        List<Object> bodies = List.of(
                Map.of(),
                Map.of("start", start.toString()),
                Map.of("start", start.toString(), "end", start.minus(Duration.ofMinutes(30)).toString()),
                Map.of("start", "not a time", "end", start.toString()),
                Map.of("start", Instant.now().minus(Duration.ofHours(1)).toString(), "end", Instant.now().toString()),
                single(start, 5),
                single(start, 300),
                Map.of("pattern", Map.of("from", "2026-13-01")),
                Map.of("pattern", Map.of("from", "2030-01-01", "to", "2030-01-02", "daysOfWeek", List.of(),
                        "startTime", "09:00", "endTime", "10:00", "slotMinutes", 30, "zone", "UTC")),
                Map.of("pattern", Map.of("from", "2030-01-01", "to", "2030-01-02", "daysOfWeek", List.of("FUNDAY"),
                        "startTime", "09:00", "endTime", "10:00", "slotMinutes", 30, "zone", "UTC")),
                Map.of("pattern", Map.of("from", LocalDate.now().plusDays(3).toString(), "to", LocalDate.now().plusDays(9).toString(),
                        "daysOfWeek", List.of("MONDAY"), "startTime", "09:00", "endTime", "10:00", "slotMinutes", 30,
                        "zone", "Nowhere/Special")));
        for (Object body : bodies) {
            publish(doctor, body)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        webTestClient.mutateWith(doctor.jwt()).post().uri("/api/bookings/slots").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"start\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void withdraw_freeSlot_isRemovedButBookedSlotAndOthersSlotAreNot() {
        TestUsers doctor = TestUsers.doctor();
        String free = api.publishSlot(doctor);
        String booked = api.publishSlot(doctor);
        api.book(TestUsers.patient(), booked);

        webTestClient.mutateWith(TestUsers.doctor().jwt()).delete().uri("/api/bookings/slots/" + free).exchange()
                .expectStatus().isNotFound();
        webTestClient.mutateWith(doctor.jwt()).delete().uri("/api/bookings/slots/" + booked).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/slot-booked");
        webTestClient.mutateWith(doctor.jwt()).delete().uri("/api/bookings/slots/" + free).exchange()
                .expectStatus().isNoContent();
        assertThat(mongo.findById(free, Slot.class).block()).isNull();
    }

    @Test
    void listOwn_showsFreeAndBookedSlotsOfTheCaller() {
        TestUsers doctor = TestUsers.doctor();
        api.publishSlot(doctor);
        api.book(TestUsers.patient(), api.publishSlot(doctor));
        api.publishSlot(TestUsers.doctor());
        JsonNode mine = list("/api/bookings/slots/mine", doctor);
        assertThat(mine.get("items")).extracting(item -> item.get("status").asString()).containsExactlyInAnyOrder("FREE", "BOOKED");
    }

    private JsonNode list(String uri, TestUsers user) {
        return api.get(user, uri).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec publish(TestUsers doctor, Object body) {
        return api.web().mutateWith(doctor.jwt()).post().uri("/api/bookings/slots")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Map<String, Object> single(Instant start, int minutes) {
        return Map.of("start", start.toString(), "end", start.plus(Duration.ofMinutes(minutes)).toString());
    }
}
