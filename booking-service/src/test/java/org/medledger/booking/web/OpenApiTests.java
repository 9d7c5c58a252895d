package org.medledger.booking.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingIntegrationTest;
import tools.jackson.databind.JsonNode;

class OpenApiTests extends BookingIntegrationTest {

    @Test
    void apiDocs_withoutToken_documentEveryEndpointAndTheContractFields() {
        JsonNode docs = webTestClient.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode paths = docs.get("paths");
        assertThat(paths.get("/api/bookings/slots").has("post")).isTrue();
        assertThat(paths.get("/api/bookings/slots").has("get")).isTrue();
        assertThat(paths.get("/api/bookings/slots/mine").has("get")).isTrue();
        assertThat(paths.get("/api/bookings/slots/{id}").has("delete")).isTrue();
        assertThat(paths.get("/api/bookings/appointments").has("post")).isTrue();
        assertThat(paths.get("/api/bookings/appointments").has("get")).isTrue();
        assertThat(paths.get("/api/bookings/appointments/{id}").has("get")).isTrue();
        assertThat(paths.get("/api/bookings/appointments/{id}/complete").has("post")).isTrue();
        assertThat(paths.get("/api/bookings/appointments/{id}/cancel").has("post")).isTrue();

        JsonNode schemas = docs.get("components").get("schemas");
        assertThat(schemas.get("SlotRequest").get("properties").has("pattern")).isTrue();
        assertThat(schemas.get("WeeklyPattern").get("properties").has("daysOfWeek")).isTrue();
        assertThat(schemas.get("BookingRequest").get("properties").has("symptoms")).isTrue();
        assertThat(schemas.get("AppointmentView").get("properties").has("patientId")).isTrue();
        assertThat(docs.get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(paths.get("/api/bookings/appointments").get("post").get("parameters").toString()).contains("Idempotency-Key");
    }
}
