package org.medledger.identity.specialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.support.test.Jwts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@IdentityServiceTest
class SpecializationApiTests {

    private static final ParameterizedTypeReference<List<Map<String, String>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient client;
    @Autowired
    Specializations specializations;

    @Test
    void list_anonymous_seededSpecializationsByName() {
        List<Map<String, String>> all = client.get().uri("/api/identity/specializations").exchange()
                .expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody();

        assertThat(all).extracting(entry -> entry.get("code"))
                .contains("cardiology", "dermatology", "general-practice", "neurology", "pediatrics");
        assertThat(all).contains(Map.of("code", "general-practice", "name", "General practice"));
        assertThat(all).extracting(entry -> entry.get("name").toLowerCase()).isSorted();
    }

    @Test
    void add_admin_201ThenListedAndUsableAtRegistration() {
        String name = "Sports medicine " + letters();

        client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "admin"))
                .post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.code").isEqualTo(Specializations.codeOf(name)).jsonPath("$.name").isEqualTo(name);

        assertThat(specializations.exists(Specializations.codeOf(name)).block()).isTrue();
    }

    @Test
    void add_existingCodeOrName_409() {
        WebTestClient admin = client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "admin"));

        admin.post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "cardiology", "name", "Heart things")).exchange()
                .expectStatus().isEqualTo(409);
        admin.post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "cardio-" + letters(), "name", "CARDIOLOGY")).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void add_invalid_400() {
        WebTestClient admin = client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "admin"));

        admin.post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "Not A Code", "name", "Whatever")).exchange()
                .expectStatus().isBadRequest();
        admin.post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "<b>")).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void add_nonAdmin403_anonymous401() {
        client.mutateWith(Jwts.user(UUID.randomUUID().toString(), "doctor"))
                .post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Quackery")).exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/identity/specializations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Quackery")).exchange()
                .expectStatus().isUnauthorized();
    }

    private static String letters() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
