package org.medledger.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

@IdentityServiceTest
class OpenApiTests {

    @Autowired
    WebTestClient client;
    @Autowired
    FakeKeycloakUsers keycloak;

    @AfterEach
    void reset() {
        keycloak.down(false);
    }

    @Test
    void apiDocs_anonymous_describeEveryEndpointWithoutExposingPasswordsInResponses() {
        String docs = client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(docs).contains("/api/identity/patients", "/api/identity/doctors", "/api/identity/doctors/{id}/approve",
                "/api/identity/doctors/{id}/reject", "/api/identity/doctors/pending", "/api/identity/me",
                "/api/identity/specializations", "X-Total-Count", "writeOnly");
    }

    @Test
    void readiness_keycloakDown_stillReady() {
        keycloak.down(true);

        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
