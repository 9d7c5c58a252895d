package org.medledger.identity.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.EventCodec;
import org.medledger.events.Topics;
import org.medledger.identity.IdentityApi;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.TopicProbe;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Profiles;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.test.Jwts;
import org.medledger.support.web.ServiceUnavailableException;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

@IdentityServiceTest
class DoctorApiTests {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ENTRIES = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient client;
    @Autowired
    FakeKeycloakUsers keycloak;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    OutboxRelay outboxRelay;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Profiles profiles;
    @Autowired
    EventCodec codec;
    @Autowired
    Clock clock;

    IdentityApi api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(client);
        admin = UUID.randomUUID().toString();
    }

    @AfterEach
    void reset() {
        keycloak.down(false);
        if (!outboxRelay.isRunning()) {
            outboxRelay.start();
        }
    }

    @Test
    void pendingDoctor_isNeitherListedNorFoundById() {
        String name = "Pending " + unique();
        String id = api.newDoctor(freshEmail("pending"), name, "neurology");

        assertThat(search("?q={q}", name)).isEmpty();
        client.get().uri("/api/identity/doctors/{id}", id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void approve_byPatientOrDoctorOrAuditor_403AndStillPending() {
        String id = api.newDoctor(freshEmail("not-yet"), "Nadia Notyet", "neurology");

        for (String role : List.of("patient", "doctor", "auditor")) {
            client.mutateWith(Jwts.user(UUID.randomUUID().toString(), role))
                    .post().uri("/api/identity/doctors/{id}/approve", id).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/role-required");
        }
        assertThat(keycloak.user(id).orElseThrow().roles()).doesNotContain("doctor");
        assertThat(profileOf(id).status()).isEqualTo(ProfileStatus.PENDING);
    }

    @Test
    void approve_anonymous_401() {
        String id = api.newDoctor(freshEmail("anon"), "Anna Anon", "neurology");

        client.post().uri("/api/identity/doctors/{id}/approve", id).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** Keycloak granted the role, then the database failed: the role is taken back, and a retry approves. */
    @Test
    void approve_databaseFailsAfterTheGrant_503RoleRevokedStillPendingThenRetryApproves() {
        String id = api.newDoctor(freshEmail("approve-db"), "Dora Database " + unique(), "pediatrics");
        ReactiveMongoTemplate failingWrites = Mockito.spy(mongo);
        Mockito.doReturn(Mono.error(new DataAccessResourceFailureException("Timed out while waiting for a server")))
                .when(failingWrites).findAndModify(any(Query.class), any(UpdateDefinition.class),
                        any(FindAndModifyOptions.class), eq(Profile.class));
        DoctorApprovals failingOnce = new DoctorApprovals(failingWrites, profiles, keycloak, codec, outboxRelay, clock);
        CurrentUser adminUser = new CurrentUser(admin, null, "Ada Admin", Set.of("admin"));

        assertThatThrownBy(() -> failingOnce.approve(id, adminUser).block())
                .isInstanceOfSatisfying(ServiceUnavailableException.class,
                        e -> assertThat(e.status().value()).isEqualTo(503));
        assertThat(keycloak.user(id).orElseThrow().roles()).doesNotContain("doctor");
        assertThat(profileOf(id).status()).isEqualTo(ProfileStatus.PENDING);

        api.approve(id).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        assertThat(keycloak.user(id).orElseThrow().roles()).contains("doctor");
    }

    /** The write succeeded but its answer was lost, and the role was revoked: approving again restores the role. */
    @Test
    void approve_alreadyApprovedDoctorWithoutTheRole_grantsTheRoleAgain() {
        String id = api.newDoctor(freshEmail("approve-again"), "Abe Again " + unique(), "pediatrics");
        api.approve(id).expectStatus().isOk();
        keycloak.revokeRealmRole(id, "doctor").block();

        api.approve(id).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        assertThat(keycloak.user(id).orElseThrow().roles()).contains("doctor");
    }

    @Test
    void approve_byAdmin_grantsDoctorRoleListsDoctorAndWritesDoctorApprovedWithTheChange() {
        String name = "Grace Approved " + unique();
        String id = api.newDoctor(freshEmail("grace"), name, "pediatrics");
        outboxRelay.stop(); // hold events in the outbox, to see them written with the state change

        client.mutateWith(Jwts.user(admin, "admin"))
                .post().uri("/api/identity/doctors/{id}/approve", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.status").isEqualTo("APPROVED");

        Profile approved = profileOf(id);
        assertThat(approved.status()).isEqualTo(ProfileStatus.APPROVED);
        assertThat(approved.decision().by()).isEqualTo(admin);
        assertThat(approved.outbox()).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo("org.medledger.identity.doctor-approved.v1");
            assertThat(event.topic()).isEqualTo(Topics.IDENTITY);
            assertThat(event.subject()).isEqualTo(id);
            assertThat(event.data()).contains("\"approvedBy\":\"" + admin + "\"", "\"specialization\":\"pediatrics\"");
        });
        assertThat(keycloak.user(id).orElseThrow().roles()).contains("doctor");

        List<Map<String, Object>> listed = search("?q={q}", name);
        assertThat(listed).singleElement().satisfies(entry -> {
            assertThat(entry).containsOnlyKeys("id", "name", "specialization", "gender", "phone");
            assertThat(entry).containsEntry("id", id).containsEntry("specialization", "pediatrics")
                    .containsEntry("gender", "MALE").containsEntry("phone", "+442079460001");
        });
        client.get().uri("/api/identity/doctors/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .value(entry -> assertThat(entry).containsOnlyKeys("id", "name", "specialization", "gender", "phone"));

        outboxRelay.start();
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            probe.await(TopicProbe.event("org.medledger.identity.doctor-approved.v1", id), 1);
        }
        assertThat(profileOf(id).outbox()).isEmpty();
    }

    @Test
    void approve_twice_secondChangesNothingAndPublishesNoSecondEvent() {
        String id = api.newDoctor(freshEmail("twice"), "Tom Twice", "radiology");

        api.approve(id).expectStatus().isOk();
        api.approve(id).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");

        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            probe.await(TopicProbe.event("org.medledger.identity.doctor-approved.v1", id), 1);
            assertThat(probe.drain(TopicProbe.event("org.medledger.identity.doctor-approved.v1", id), Duration.ofMillis(800)))
                    .hasSize(1);
        }
    }

    @Test
    void approve_keycloakDown_503AndStillPendingWithoutEvent() {
        String id = api.newDoctor(freshEmail("kc-down"), "Kim Down", "oncology");
        keycloak.down(true);

        api.approve(id).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/identity-provider-unavailable");

        Profile still = profileOf(id);
        assertThat(still.status()).isEqualTo(ProfileStatus.PENDING);
        assertThat(still.outbox()).noneSatisfy(event -> assertThat(event.type()).contains("doctor-approved"));
    }

    @Test
    void approve_unknownIdOrPatient_404() {
        String patient = api.newPatient(freshEmail("patient-not-doctor"));

        api.approve(UUID.randomUUID().toString()).expectStatus().isNotFound();
        api.approve(patient).expectStatus().isNotFound();
    }

    @Test
    void approve_ownDoctorAccount_403() {
        String id = api.newDoctor(freshEmail("self"), "Sam Self", "oncology");

        client.mutateWith(Jwts.user(id, "admin"))
                .post().uri("/api/identity/doctors/{id}/approve", id).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void reject_byAdminWithReason_rejectedReasonVisibleToTheDoctorThenApproveIs409() {
        String id = api.newDoctor(freshEmail("rita"), "Rita Rejected", "psychiatry");

        client.mutateWith(Jwts.user(admin, "admin"))
                .post().uri("/api/identity/doctors/{id}/reject", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Licence could not be verified"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REJECTED").jsonPath("$.reason").isEqualTo("Licence could not be verified");

        client.mutateWith(Jwts.user(id)).get().uri("/api/identity/me").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REJECTED").jsonPath("$.rejectionReason").isEqualTo("Licence could not be verified");
        api.approve(id).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/doctor-rejected");
        assertThat(keycloak.user(id).orElseThrow().roles()).doesNotContain("doctor");
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            var events = probe.await(TopicProbe.event("org.medledger.identity.doctor-rejected.v1", id), 1);
            assertThat(new String(events.getFirst().getData().toBytes())).contains("\"rejectedBy\":\"" + admin + "\"");
        }
    }

    @Test
    void reject_withoutReasonOrByNonAdmin_refused() {
        String id = api.newDoctor(freshEmail("no-reason"), "Nora Noreason", "psychiatry");

        client.mutateWith(Jwts.user(admin, "admin"))
                .post().uri("/api/identity/doctors/{id}/reject", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", " "))
                .exchange()
                .expectStatus().isBadRequest();
        client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "patient"))
                .post().uri("/api/identity/doctors/{id}/reject", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "no"))
                .exchange()
                .expectStatus().isForbidden();
        assertThat(profileOf(id).status()).isEqualTo(ProfileStatus.PENDING);
    }

    @Test
    void reject_approvedDoctor_409() {
        String id = api.newDoctor(freshEmail("late"), "Lee Late", "urology");
        api.approve(id).expectStatus().isOk();

        client.mutateWith(Jwts.user(admin, "admin"))
                .post().uri("/api/identity/doctors/{id}/reject", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "too late"))
                .exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void pendingList_admin_showsPendingDoctorsWithContactButNotBirthDateOrAddress() {
        String id = api.newDoctor(freshEmail("waiting"), "Wanda Waiting", "gynecology");

        List<Map<String, Object>> pending = client.mutateWith(Jwts.user(admin, "admin"))
                .get().uri("/api/identity/doctors/pending?size=100").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("X-Total-Count")
                .expectBody(ENTRIES).returnResult().getResponseBody();

        assertThat(pending).anySatisfy(entry -> {
            assertThat(entry).containsEntry("id", id).containsEntry("specialization", "gynecology").containsKey("email");
            assertThat(entry).doesNotContainKeys("address", "dateOfBirth");
        });
    }

    @Test
    void pendingList_nonAdmin403_anonymous401() {
        client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "doctor"))
                .get().uri("/api/identity/doctors/pending").exchange().expectStatus().isForbidden();
        client.get().uri("/api/identity/doctors/pending").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void directory_filtersBySpecializationAndNameCaseInsensitively_neverExposesPrivateFields() {
        String tag = unique();
        String cardio = api.newDoctor(freshEmail("c"), "Carla Heart " + tag, "cardiology");
        String derma = api.newDoctor(freshEmail("d"), "Derek Skin " + tag, "dermatology");
        api.approve(cardio).expectStatus().isOk();
        api.approve(derma).expectStatus().isOk();

        assertThat(search("?q={q}", tag.toUpperCase())).extracting(entry -> entry.get("id")).containsExactly(cardio, derma);
        assertThat(search("?specialization=dermatology&q={q}", tag)).extracting(entry -> entry.get("id")).containsExactly(derma);
        assertThat(search("?q={q}", "heart " + tag)).extracting(entry -> entry.get("id")).containsExactly(cardio);
        assertThat(search("?q={q}&sort=name,desc", tag)).extracting(entry -> entry.get("id")).containsExactly(derma, cardio);
        assertThat(search("?q={q}&sort=specialization,desc", tag)).extracting(entry -> entry.get("id")).containsExactly(derma, cardio);
        client.get().uri("/api/identity/doctors?q={q}", tag).exchange()
                .expectBody(String.class)
                .value(json -> assertThat(json).doesNotContain("email", "address", "dateOfBirth", "@example.org", "Hospital Road", "1975"));
    }

    @Test
    void directory_pages_withTotalCountAndLinks() {
        String tag = unique();
        for (int i = 0; i < 3; i++) {
            String id = api.newDoctor(freshEmail("page"), "Page Doctor " + tag + " " + (char) ('a' + i), "orthopedics");
            api.approve(id).expectStatus().isOk();
        }

        client.get().uri("/api/identity/doctors?q={q}&size=2", tag).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Total-Count", "3")
                .expectHeader().value("Link", link -> assertThat(link).contains("rel=\"next\"").contains("page=1"))
                .expectBody(ENTRIES).value(entries -> assertThat(entries).hasSize(2));
        client.get().uri("/api/identity/doctors?q={q}&size=2&page=1", tag).exchange()
                .expectHeader().value("Link", link -> assertThat(link).contains("rel=\"prev\"").doesNotContain("rel=\"next\""))
                .expectBody(ENTRIES).value(entries -> assertThat(entries).hasSize(1));
    }

    @Test
    void directory_queryWithRegexCharacters_matchesLiterallyAndNever500() {
        client.get().uri("/api/identity/doctors?q={q}", ".*(((").exchange()
                .expectStatus().isOk()
                .expectBody(ENTRIES).value(entries -> assertThat(entries).isEmpty());
    }

    @Test
    void directory_invalidParameters_400() {
        client.get().uri("/api/identity/doctors?sort=email").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/identity/doctors?size=1000").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/identity/doctors?page=-1").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/identity/doctors?size=ten").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/identity/doctors?q=" + "x".repeat(101)).exchange().expectStatus().isBadRequest();
    }

    private List<Map<String, Object>> search(String query, Object... variables) {
        return client.get().uri("/api/identity/doctors" + query, variables).exchange()
                .expectStatus().isOk()
                .expectBody(ENTRIES).returnResult().getResponseBody();
    }

    private Profile profileOf(String userId) {
        return mongo.findOne(Query.query(Criteria.where("userId").is(userId)), Profile.class).block();
    }

    private static String unique() {
        // letters only: names may not hold digits
        var random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
