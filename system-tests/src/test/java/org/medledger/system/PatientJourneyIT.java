package org.medledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * SPEC flows 1-7 and 9 end to end through the gateway, with real Keycloak tokens, Kafka events, S3 buckets and
 * mail: a new patient registers, books a demo doctor's slot, the doctor completes the checkup and uploads the
 * report, the appointment turns REPORT_AVAILABLE, the patient is e-mailed, and the file comes back bit-identical.
 */
@ExtendWith(RunningSystem.class)
class PatientJourneyIT {

    private final RunningSystem system = RunningSystem.get();

    @Test
    void newPatient_booksChecksUpAndGetsTheReportBack() throws Exception {
        // flow 2: registration, then sign-in with the new account
        String email = "pat-" + UUID.randomUUID().toString().substring(0, 8) + "@journey.medledger.test";
        String password = "Journey-Pass-2026!";
        HttpResponse<String> registered = system.send(java.net.http.HttpRequest.newBuilder(
                        system.gateway().resolve("/api/identity/patients"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"name":"Jane Journey","email":"%s","password":"%s","gender":"FEMALE",
                         "address":"1 Test Street, Testville","dateOfBirth":"1990-04-01","phone":"+41 79 555 12 34"}
                        """.formatted(email, password))).build());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(system.send(java.net.http.HttpRequest.newBuilder(system.gateway().resolve("/api/identity/patients"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"name":"Jane Again","email":"%s","password":"%s","gender":"FEMALE",
                         "address":"1 Test Street","dateOfBirth":"1990-04-01","phone":"+41 79 555 12 34"}
                        """.formatted(email.toUpperCase(), password))).build()).statusCode()).isEqualTo(409);
        Api patient = new Api(system, system.token(email, password));
        assertThat(Api.json(patient.get("/api/identity/me")).get("roles").toString()).contains("patient");

        // flow 3: the public directory shows the approved demo doctors and nothing private
        HttpResponse<String> directory = system.get("/api/identity/doctors?specialization=cardiology", null);
        assertThat(directory.statusCode()).isEqualTo(200);
        assertThat(directory.body()).contains("cardiology").doesNotContain("dateOfBirth").doesNotContain("address");
        String doctorId = RunningSystem.json(directory.body()).get(0).get("id").asString();

        // flow 4: the doctor publishes a slot starting in the next minutes; the patient books it once
        Api doctor = Api.as(system, "doctor1");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);
        HttpResponse<String> slot = doctor.post("/api/bookings/slots",
                "{\"start\":\"%s\",\"end\":\"%s\"}".formatted(start, start.plus(30, ChronoUnit.MINUTES)));
        assertThat(slot.statusCode()).as(slot.body()).isEqualTo(201);
        String slotId = Api.json(slot).get("id").asString();
        assertThat(patient.get("/api/bookings/slots?doctorId=" + doctorId).body()).contains(slotId);

        HttpResponse<String> booked = patient.post("/api/bookings/appointments",
                "{\"slotId\":\"%s\",\"symptoms\":\"recurring headache\",\"age\":36}".formatted(slotId));
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        String appointmentId = Api.json(booked).get("id").asString();
        HttpResponse<String> again = Api.as(system, "patient2").post("/api/bookings/appointments",
                "{\"slotId\":\"%s\",\"symptoms\":\"cough\",\"age\":50}".formatted(slotId));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));

        // both sides are notified by e-mail (flow 4) and in the app
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email).length > 0 && mailsTo("doctor1@demo.medledger.test").length > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> patient.get("/api/notifications").body().contains("APPOINTMENT_BOOKED"));

        // flow 5 and 9: the doctor sees it; completion waits for the checkup to start
        assertThat(doctor.get("/api/bookings/appointments").body()).contains(appointmentId);
        assertThat(doctor.post("/api/bookings/appointments/" + appointmentId + "/complete", null).statusCode()).isEqualTo(409);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).until(() ->
                doctor.post("/api/bookings/appointments/" + appointmentId + "/complete", null).statusCode() == 200);

        // flow 6: the report (several chunks, not a whole number of them) is stored and announced
        byte[] report = new byte[3 * 1024 * 1024 + 12345];
        new SecureRandom().nextBytes(report);
        HttpResponse<String> uploaded = doctor.upload("/api/reports", appointmentId, "checkup report.pdf", "application/pdf", report);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String reportId = Api.json(uploaded).get("id").asString();
        assertThat(Api.json(uploaded).get("rootHash").asString()).hasSize(64);
        assertThat(doctor.upload("/api/reports", appointmentId, "again.pdf", "application/pdf", report).statusCode()).isEqualTo(409);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                Api.json(patient.get("/api/bookings/appointments/" + appointmentId)).get("status").asString().equals("REPORT_AVAILABLE"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(mailsTo(email))
                .anyMatch(mail -> GreenMailUtil.getBody(mail).contains(Api.json(uploaded).get("rootHash").asString())));

        // flow 7: the patient lists the report; another patient cannot see it
        assertThat(patient.get("/api/reports").body()).contains(reportId);
        assertThat(Api.as(system, "patient2").get("/api/reports/" + reportId).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> content = download(patient, reportId, email);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(report);

        // the upload is on the signed ledger, with a receipt
        JsonNode receipt = Api.json(patient.get("/api/reports/" + reportId + "/receipt"));
        assertThat(receipt.get("rootHash").asString()).isEqualTo(Api.json(uploaded).get("rootHash").asString());
        assertThat(patient.get("/api/ledger/head").statusCode()).isEqualTo(200);
    }

    /** The download as the patient makes it; grows into the one-time-code flow when report access lands. */
    private HttpResponse<byte[]> download(Api patient, String reportId, String email) {
        return patient.getBytes("/api/reports/" + reportId + "/content", null, null);
    }

    private MimeMessage[] mailsTo(String address) {
        return Arrays.stream(system.stack().mail().greenMail().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toArray(MimeMessage[]::new);
    }
}
