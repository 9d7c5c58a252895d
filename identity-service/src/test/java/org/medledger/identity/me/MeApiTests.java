package org.medledger.identity.me;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.Topics;
import org.medledger.identity.IdentityApi;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.TopicProbe;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.support.test.Jwts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;

@IdentityServiceTest
class MeApiTests {

    @Autowired
    WebTestClient client;
    @Autowired
    FakeKeycloakUsers keycloak;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    IdentityApi api;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(client);
    }

    @AfterEach
    void reset() {
        keycloak.down(false);
    }

    @Test
    void me_registeredPatient_ownProfileAndTokenRoles() {
        String email = freshEmail("me");
        String id = api.newPatient(email);

        client.mutateWith(Jwts.user(id, "patient", "offline_access")).get().uri("/api/identity/me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.email").isEqualTo(email)
                .jsonPath("$.name").isEqualTo("Paula Patient")
                .jsonPath("$.role").isEqualTo("PATIENT")
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.roles.length()").isEqualTo(1)
                .jsonPath("$.roles[0]").isEqualTo("patient")
                .jsonPath("$.dateOfBirth").isEqualTo("1990-04-21")
                .jsonPath("$.address").isEqualTo("1 Main Street, Springfield")
                .jsonPath("$.gender").isEqualTo("FEMALE")
                .jsonPath("$.password").doesNotExist();
    }

    @Test
    void me_pendingDoctor_pendingWithoutDoctorRole() {
        String id = api.newDoctor(freshEmail("pending-me"), "Petra Pending", "neurology");

        client.mutateWith(Jwts.user(id)).get().uri("/api/identity/me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.role").isEqualTo("DOCTOR")
                .jsonPath("$.status").isEqualTo("PENDING")
                .jsonPath("$.specialization").isEqualTo("neurology")
                .jsonPath("$.roles.length()").isEqualTo(0);
    }

    @Test
    void me_anonymous_401() {
        client.get().uri("/api/identity/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void me_accountMadeInKeycloakWithDoctorRole_adoptedAsApprovedDoctorOnFirstSight() {
        String id = UUID.randomUUID().toString();
        String email = freshEmail("console-doctor");

        client.mutateWith(SecurityMockServerConfigurers.mockJwt()
                        .jwt(jwt -> jwt.subject(id).claim("email", email).claim("name", "Cora Console")
                                .claim("given_name", "Cora").claim("family_name", "Console")
                                .claim("preferred_username", "cora").claim("realm_access", Map.of("roles", java.util.List.of("doctor")))))
                .get().uri("/api/identity/me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.role").isEqualTo("DOCTOR")
                .jsonPath("$.status").isEqualTo("APPROVED")
                .jsonPath("$.specialization").isEqualTo("general-practice")
                .jsonPath("$.name").isEqualTo("Cora Console");
        client.get().uri("/api/identity/doctors/{id}", id).exchange().expectStatus().isOk();
    }

    @Test
    void me_accountWithoutMedLedgerRoleOrProfile_404() {
        client.mutateWith(Jwts.user(UUID.randomUUID().toString())).get().uri("/api/identity/me").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/profile-not-found");
    }

    @Test
    void patchMe_validChanges_updatedRenamedInKeycloakAndProfileUpdatedPublished() {
        String email = freshEmail("patch");
        String id = api.newPatient(email);

        client.mutateWith(Jwts.user(id, "patient")).patch().uri("/api/identity/me")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Paula  Patient-Smith", "phone", "(020) 7946-0099", "address", "3 New Road",
                        "gender", "undisclosed", "dateOfBirth", "1991-05-22"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("Paula Patient-Smith")
                .jsonPath("$.phone").isEqualTo("02079460099")
                .jsonPath("$.address").isEqualTo("3 New Road")
                .jsonPath("$.gender").isEqualTo("UNDISCLOSED")
                .jsonPath("$.dateOfBirth").isEqualTo("1991-05-22")
                .jsonPath("$.email").isEqualTo(email);

        assertThat(keycloak.user(id).orElseThrow().firstName()).isEqualTo("Paula");
        assertThat(keycloak.user(id).orElseThrow().lastName()).isEqualTo("Patient-Smith");
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            var events = probe.await(TopicProbe.event("org.medledger.identity.profile-updated.v1", id), 1);
            assertThat(new String(events.getFirst().getData().toBytes())).contains("\"name\":\"Paula Patient-Smith\"");
        }
    }

    @Test
    void patchMe_invalidValues_400AndNothingChanged() {
        String id = api.newPatient(freshEmail("patch-invalid"));
        WebTestClient caller = client.mutateWith(Jwts.user(id, "patient"));

        for (Map<String, Object> invalid : java.util.List.<Map<String, Object>>of(
                Map.of("phone", "not a phone"),
                Map.of("dateOfBirth", LocalDate.now().plusYears(1).toString()),
                Map.of("name", "Robert'); DROP TABLE"),
                Map.of("gender", "x"),
                Map.of("address", ""),
                Map.of("address", "   "),
                Map.of("address", "\u00a0\u2003"))) {
            caller.patch().uri("/api/identity/me").contentType(MediaType.APPLICATION_JSON).bodyValue(invalid).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(profileOf(id).name()).isEqualTo("Paula Patient");
        assertThat(profileOf(id).phone()).isEqualTo("+442079460000");
        assertThat(profileOf(id).address()).isEqualTo("1 Main Street, Springfield");
    }

    @Test
    void patchMe_nonEditableOrNoField_400() {
        String id = api.newPatient(freshEmail("patch-email"));
        WebTestClient caller = client.mutateWith(Jwts.user(id, "patient"));

        caller.patch().uri("/api/identity/me").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "other@example.org")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/field-not-editable");
        caller.patch().uri("/api/identity/me").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Paula Patient", "specialization", "cardiology")).exchange()
                .expectStatus().isBadRequest();
        caller.patch().uri("/api/identity/me").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/nothing-to-change");
        caller.patch().uri("/api/identity/me").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void patchMe_nameChangeWhileKeycloakDown_503AndNothingChanged() {
        String id = api.newPatient(freshEmail("patch-down"));
        keycloak.down(true);

        client.mutateWith(Jwts.user(id, "patient")).patch().uri("/api/identity/me")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "New Name")).exchange()
                .expectStatus().isEqualTo(503);

        assertThat(profileOf(id).name()).isEqualTo("Paula Patient");
    }

    @Test
    void patchMe_phoneOnlyWhileKeycloakDown_succeeds() {
        String id = api.newPatient(freshEmail("patch-phone"));
        keycloak.down(true);

        client.mutateWith(Jwts.user(id, "patient")).patch().uri("/api/identity/me")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+1 555 0100 200")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.phone").isEqualTo("+15550100200");
    }

    private Profile profileOf(String userId) {
        return mongo.findOne(Query.query(Criteria.where("userId").is(userId)), Profile.class).block();
    }
}
