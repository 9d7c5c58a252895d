package org.medledger.identity;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.medledger.support.test.Jwts;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Calls of identity-service's API that many tests make, with valid defaults. */
public final class IdentityApi {

    /** Satisfies the development realm's password policy. */
    public static final String GOOD_PASSWORD = "Corr3ct-Horse-Battery!";

    private final WebTestClient client;

    public IdentityApi(WebTestClient client) {
        this.client = client;
    }

    /** A fresh e-mail address for one test. */
    public static String freshEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    /** A valid patient registration body. */
    public static Map<String, Object> patient(String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Paula Patient");
        body.put("email", email);
        body.put("password", GOOD_PASSWORD);
        body.put("gender", "female");
        body.put("address", "1 Main Street, Springfield");
        body.put("dateOfBirth", LocalDate.of(1990, 4, 21).toString());
        body.put("phone", "+44 20 7946 0000");
        return body;
    }

    /** A valid doctor registration body. */
    public static Map<String, Object> doctor(String email, String name, String specialization) {
        Map<String, Object> body = patient(email);
        body.put("name", name);
        body.put("specialization", specialization);
        body.put("gender", "MALE");
        body.put("address", "2 Hospital Road, Springfield");
        body.put("dateOfBirth", "1975-02-14");
        body.put("phone", "+44 20 7946 0001");
        return body;
    }

    public WebTestClient.ResponseSpec registerPatient(Map<String, Object> body) {
        return client.post().uri("/api/identity/patients").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec registerDoctor(Map<String, Object> body) {
        return client.post().uri("/api/identity/doctors").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Registers a patient; returns the user id. */
    public String newPatient(String email) {
        return (String) registerPatient(patient(email)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    /** Registers a doctor (PENDING); returns the user id. */
    public String newDoctor(String email, String name, String specialization) {
        return (String) registerDoctor(doctor(email, name, specialization)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    /** Approves a doctor as a fresh admin. */
    public WebTestClient.ResponseSpec approve(String doctorId) {
        return client.mutateWith(Jwts.user("admin-" + UUID.randomUUID(), "admin"))
                .post().uri("/api/identity/doctors/{id}/approve", doctorId).exchange();
    }
}
