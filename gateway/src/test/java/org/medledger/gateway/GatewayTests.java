package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockOidcLogin;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on its own, with every service address pointing at a closed port: what a caller sees of routing,
 * security, limits and failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.shutdown=immediate")
class GatewayTests {

    @DynamicPropertySource
    static void deadServices(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        for (String service : new String[] {"identity", "booking", "report-chain", "notification"}) {
            registry.add("medledger.services." + service, () -> "http://127.0.0.1:" + closed);
        }
        registry.add("medledger.keycloak.url", () -> "http://127.0.0.1:" + closed);
    }

    @Autowired ApplicationContext context;
    @Autowired ReactiveClientRegistrationRepository registrations;
    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
    }

    @Test
    void apiCall_withoutToken_is401ProblemJson() {
        client.get().uri("/api/bookings/appointments").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/unauthenticated");
    }

    @Test
    void page_withoutSession_redirectsToKeycloakLogin() {
        client.get().uri("/some/page").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().location("/oauth2/authorization/keycloak");
    }

    @Test
    void serviceDown_answers503ProblemNamingTheService() {
        client.mutateWith(mockJwt()).get().uri("/api/bookings/appointments").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.service").isEqualTo("booking-service");
    }

    @Test
    void directory_isPublicButPendingDoctorsAreNot() {
        client.get().uri("/api/identity/doctors/3587fe6a-13b3-4914-a203-3ecee2e1c01d").exchange()
                .expectStatus().isEqualTo(503);
        client.get().uri("/api/identity/doctors/pending").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void registration_isRateLimitedPerCaller() {
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            int status = client.post().uri("/api/identity/patients").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}").exchange().returnResult(String.class).getStatus().value();
            assertThat(status).isIn(503, 429);
            limited += status == 429 ? 1 : 0;
        }
        assertThat(limited).isEqualTo(2);
    }

    @Test
    void cookieBorneWrite_withoutCsrfToken_isRefused() {
        client.mutateWith(mockJwt()).post().uri("/api/bookings/appointments").cookie("SESSION", "abc")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void everyResponse_carriesSecurityHeadersAndARequestId() {
        client.get().uri("/actuator/health").header("X-Request-Id", "req-12345678").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "req-12345678")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("script-src 'self'").contains("frame-ancestors 'none'"));
        client.get().uri("/actuator/health").header("X-Request-Id", "bad id\u0000").exchange()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).hasSize(36));
    }

    @Test
    void actuator_exposesOnlyHealthToThePublic() {
        client.get().uri("/actuator/prometheus").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403));
        client.get().uri("/actuator/env").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403, 404));
    }

    @Test
    void signOut_endsTheKeycloakSessionToo() {
        ClientRegistration keycloak = registrations.findByRegistrationId("keycloak").block();
        String issuer = keycloak.getProviderDetails().getIssuerUri();
        assertThat(issuer).endsWith("/realms/medledger");

        client.mutateWith(mockOidcLogin().clientRegistration(keycloak)).post().uri("/logout").exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().value("Location", location -> assertThat(location)
                        .startsWith(issuer + "/protocol/openid-connect/logout?")
                        .contains("id_token_hint=")
                        .contains("post_logout_redirect_uri="));
    }
}
