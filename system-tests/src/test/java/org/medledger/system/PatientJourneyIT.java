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

        // flow 8: another doctor asks; the patient's code, given to the doctor, grants access; then the doctor downloads
        Api otherDoctor = Api.as(system, "doctor2");
        assertThat(otherDoctor.get("/api/reports/" + reportId).statusCode()).isEqualTo(404);
        int accessMailsBefore = mailsWithSubject(email, "asks to read").length;
        HttpResponse<String> request = otherDoctor.post("/api/reports/" + reportId + "/access-requests",
                "{\"reason\":\"second opinion on the scan\"}");
        assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
        String requestId = Api.json(request).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsWithSubject(email, "asks to read").length > accessMailsBefore);
        MimeMessage[] accessMails = mailsWithSubject(email, "asks to read");
        String patientCode = oneTimeCode(accessMails[accessMails.length - 1]);
        HttpResponse<String> confirmed = otherDoctor.post("/api/reports/" + reportId + "/access-requests/" + requestId
                + "/confirm", "{\"code\":\"%s\"}".formatted(patientCode));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(download(otherDoctor, reportId, "doctor2@demo.medledger.test").body()).isEqualTo(report);
        assertThat(patient.get("/api/reports/" + reportId + "/access-history").body()).contains("ACCESS_GRANTED");

        // the upload is on the signed ledger, with a receipt
        JsonNode receipt = Api.json(patient.get("/api/reports/" + reportId + "/receipt"));
        assertThat(receipt.get("rootHash").asString()).isEqualTo(Api.json(uploaded).get("rootHash").asString());
        assertThat(patient.get("/api/ledger/head").statusCode()).isEqualTo(200);
    }

    /** Flow 7: a one-time code is e-mailed to the caller and exchanged for a single-use download token. */
    private HttpResponse<byte[]> download(Api caller, String reportId, String email) {
        assertThat(caller.getBytes("/api/reports/" + reportId + "/content", null, null).statusCode()).isEqualTo(403);
        int mailsBefore = mailsWithSubject(email, "download code").length;
        assertThat(caller.post("/api/reports/" + reportId + "/download-code", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsWithSubject(email, "download code").length > mailsBefore);
        MimeMessage[] codeMails = mailsWithSubject(email, "download code");
        String code = oneTimeCode(codeMails[codeMails.length - 1]);

        assertThat(caller.post("/api/reports/" + reportId + "/download-token", "{\"code\":\"000000\"}").statusCode())
                .isIn(400, 403);
        HttpResponse<String> token = caller.post("/api/reports/" + reportId + "/download-token",
                "{\"code\":\"%s\"}".formatted(code));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(caller.post("/api/reports/" + reportId + "/download-token", "{\"code\":\"%s\"}".formatted(code))
                .statusCode()).as("a code works once").isEqualTo(403);
        String downloadToken = Api.json(token).get("token").asString();
        HttpResponse<byte[]> content = caller.getBytes("/api/reports/" + reportId + "/content", "X-Download-Token", downloadToken);
        assertThat(caller.getBytes("/api/reports/" + reportId + "/content", "X-Download-Token", downloadToken).statusCode())
                .as("a token works once").isEqualTo(403);
        return content;
    }

    /** The code stands alone on an indented line of the plain-text part. */
    private static String oneTimeCode(MimeMessage mail) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^\\s+(\\d{6,12})\\s*$").matcher(plainText(mail));
        assertThat(matcher.find()).as("a code in the mail").isTrue();
        return matcher.group(1);
    }

    private static String plainText(jakarta.mail.Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return String.valueOf(part.getContent());
            }
            if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String text = plainText(multipart.getBodyPart(i));
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MimeMessage[] mailsWithSubject(String address, String subjectPart) {
        return Arrays.stream(mailsTo(address)).filter(mail -> {
            try {
                return mail.getSubject().toLowerCase().contains(subjectPart);
            } catch (Exception e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
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
