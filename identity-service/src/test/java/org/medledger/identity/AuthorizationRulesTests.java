package org.medledger.identity;

import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The authorization rules with real tokens: signed by a test key whose public half the JWKS stub serves, validated
 * by service-support's decoder (signature, issuer, expiry, audience), realm roles mapped as for Keycloak's tokens.
 */
@IdentityServiceTest
class AuthorizationRulesTests {

    @Autowired
    WebTestClient client;

    IdentityApi api;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(client);
    }

    @Test
    void publicEndpoints_withoutToken_answer() {
        client.get().uri("/api/identity/doctors").exchange().expectStatus().isOk();
        client.get().uri("/api/identity/specializations").exchange().expectStatus().isOk();
        client.get().uri("/api/identity/doctors/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
        api.newPatient(freshEmail("public"));
    }

    @Test
    void adminToken_pendingListAndApproval_allowed() {
        String doctor = api.newDoctor(freshEmail("signed"), "Sig Ned", "neurology");
        String admin = TestJwks.token(UUID.randomUUID().toString(), "admin").value();

        client.get().uri("/api/identity/doctors/pending").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk();
        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void patientToken_approve_403() {
        String doctor = api.newDoctor(freshEmail("patient-approves"), "Pat Tient", "neurology");
        String patient = TestJwks.token(UUID.randomUUID().toString(), "patient").value();

        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(patient)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void pendingDoctorToken_holdsNoDoctorRole_cannotActAsDoctorOrAdmin() {
        String doctor = api.newDoctor(freshEmail("pending-token"), "Penny Pending", "neurology");
        // the token Keycloak issues a pending doctor: no MedLedger role at all
        String token = TestJwks.token(doctor, "offline_access", "default-roles-medledger").value();

        client.get().uri("/api/identity/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING").jsonPath("$.roles.length()").isEqualTo(0);
        client.get().uri("/api/identity/doctors/pending").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void invalidTokens_401() {
        String subject = UUID.randomUUID().toString();
        for (TestJwks.Token token : java.util.List.of(
                TestJwks.token(subject, "admin").audience("account"),
                TestJwks.token(subject, "admin").issuer("http://evil.example/realms/medledger"),
                TestJwks.token(subject, "admin").expiredAgo(Duration.ofMinutes(5)),
                TestJwks.token(subject, "admin").signedByAnotherKey())) {
            client.get().uri("/api/identity/doctors/pending").headers(h -> h.setBearerAuth(token.value())).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client.get().uri("/api/identity/me").headers(h -> h.setBearerAuth("not-a-jwt")).exchange()
                .expectStatus().isUnauthorized();
        client.get().uri("/api/identity/me").exchange().expectStatus().isUnauthorized();
    }
}
