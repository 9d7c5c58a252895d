package org.medledger.support.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.medledger.support.test.UnreachableDependenciesTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@UnreachableDependenciesTest
class ServiceSecurityAutoConfigurationTests {

    @Autowired
    WebTestClient client;

    /** Spring Security's default failure handler rethrows "could not check the token", which answered a plain 500. */
    @Test
    void bearerToken_keycloakKeysUnreachable_503ProblemNot500() {
        client.get().uri("/probe/secured").headers(h -> h.setBearerAuth(wellFormedToken())).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/identity-provider-unavailable")
                .jsonPath("$.status").isEqualTo(503);
    }

    @Test
    void bearerToken_malformed_401Problem() {
        client.get().uri("/probe/secured").headers(h -> h.setBearerAuth("not-a-jwt")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> value.startsWith("Bearer"))
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/unauthenticated");
    }

    @Test
    void noToken_401Problem() {
        client.get().uri("/probe/secured").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/unauthenticated");
    }

    /** Anyone may read the document; it names the gateway, not the service, as the address to call. */
    @Test
    void apiDocs_public_nameTheGatewayAsServer_andTheBearerScheme() {
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.servers.length()").isEqualTo(1)
                .jsonPath("$.servers[0].url").isEqualTo("http://localhost:8080")
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.security[0].bearer").isArray();
    }

    /** Parses as a signed JWT, so checking it needs the issuer's keys. */
    private static String wellFormedToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString("{\"sub\":\"u1\",\"iss\":\"http://127.0.0.1:1/realms/medledger\",\"exp\":4102444800}"
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + base64.encodeToString(new byte[256]);
    }
}
