package org.medledger.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The calls most tests make, through the HTTP API. */
public final class BookingApi {

    /** Spaces the starts tests ask for 40 minutes apart, so that 30-minute slots of one test never overlap. */
    private static final AtomicLong NEXT_START = new AtomicLong();

    private final WebTestClient web;

    /** A client bound to the test context, with Spring Security's test support so tokens can be mocked. */
    public BookingApi(ApplicationContext context) {
        this.web = WebTestClient.bindToApplicationContext(context)
                .apply(SecurityMockServerConfigurers.springSecurity())
                .configureClient()
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    public WebTestClient web() {
        return web;
    }

    /**
     * A fresh future start, at whole minutes, from two days ahead on and 40 minutes after the previous call's, so a
     * test's 30-minute slots (each test uses its own users) never overlap and all stay within the default 30-day
     * listing window.
     */
    public static Instant futureStart() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).plus(Duration.ofHours(8))
                .plus(Duration.ofMinutes(40 * NEXT_START.getAndIncrement()));
    }

    /** Publishes one 30-minute slot starting at {@code start}; returns its id. */
    public String publishSlot(TestUsers doctor, Instant start) {
        JsonNode body = web.mutateWith(doctor.jwt()).post().uri("/api/bookings/slots")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("start", start.toString(), "end", start.plus(Duration.ofMinutes(30)).toString()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        return body.get("id").asString();
    }

    /** A fresh slot of a fresh (token-approved) doctor. */
    public String publishSlot(TestUsers doctor) {
        return publishSlot(doctor, futureStart());
    }

    /** Books {@code slotId}; returns the appointment id. */
    public String book(TestUsers patient, String slotId) {
        JsonNode body = bookRequest(patient, slotId, null).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        assertThat(body.get("status").asString()).isEqualTo("BOOKED");
        return body.get("id").asString();
    }

    public WebTestClient.ResponseSpec bookRequest(TestUsers patient, String slotId, String idempotencyKey) {
        return bookRequest(patient, Map.of("slotId", slotId, "symptoms", "Persistent cough for two weeks", "age", 42),
                idempotencyKey);
    }

    public WebTestClient.ResponseSpec bookRequest(TestUsers patient, Object body, String idempotencyKey) {
        var request = web.mutateWith(patient.jwt()).post().uri("/api/bookings/appointments")
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec get(TestUsers user, String uri) {
        return web.mutateWith(user.jwt()).get().uri(uri).exchange();
    }

    /** GET {@code path} with query parameters, each expanded and encoded (a '+' in a value stays a plus sign). */
    public WebTestClient.ResponseSpec get(TestUsers user, String path, Map<String, String> query) {
        return web.mutateWith(user.jwt()).get()
                .uri(uri -> {
                    uri.path(path);
                    query.keySet().forEach(name -> uri.queryParam(name, "{" + name + "}"));
                    return uri.build(query);
                })
                .exchange();
    }

    public WebTestClient.ResponseSpec post(TestUsers user, String uri) {
        return web.mutateWith(user.jwt()).post().uri(uri).exchange();
    }

    /** The appointment as {@code user} sees it; asserts 200. */
    public JsonNode appointment(TestUsers user, String id) {
        return get(user, "/api/bookings/appointments/" + id).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
