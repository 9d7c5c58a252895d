package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.Topics;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Who may upload, list, read and download; what is refused and how; what is published. */
@ReportChainIntegrationTest
class ReportAccessIntegrationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    EmbeddedKafkaBroker kafka;

    ReportApi api;
    String doctor;
    String patient;
    String doctorToken;
    String patientToken;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        doctorToken = TestTokens.token(doctor, "doctor");
        patientToken = TestTokens.token(patient, "patient");
        FakeBookingService.instance().reset();
    }

    private String appointment(String status) {
        String id = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(id, doctor, patient, status);
        return id;
    }

    private String storedReport() {
        return (String) api.uploaded(doctorToken, appointment("COMPLETED"), "r.pdf", TestData.bytes(1, 100)).get("id");
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/" + type);
    }

    private long manifestsFor(String appointmentId) {
        return mongo.count(Query.query(Criteria.where("appointmentId").is(appointmentId)), Report.class).block();
    }

    @Test
    void bearerCall_keepsNoSessionAndSetsNoCookie() {
        // the services are called with a token every time (the gateway relays it): a session would only be waste,
        // and its cookie would reach the browser through the gateway
        webTestClient.get().uri("/api/reports").header(HttpHeaders.AUTHORIZATION, "Bearer " + patientToken)
                .cookie("SESSION", "a-browser-session-of-the-gateway").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }

    @Test
    void upload_byPatient_isForbidden() {
        String appt = appointment("COMPLETED");
        problem(api.upload(patientToken, appt, "r.pdf", new byte[] {1}), 403, "role-required");
        assertThat(manifestsFor(appt)).isZero();
    }

    @Test
    void upload_withoutToken_isUnauthorized() {
        webTestClient.post().uri("/api/reports").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData("appointmentId", "x"))
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void upload_appointmentNotCompleted_isConflict() {
        String appt = appointment("BOOKED");
        problem(api.upload(doctorToken, appt, "r.pdf", new byte[] {1}), 409, "appointment-not-completed");
        assertThat(manifestsFor(appt)).isZero();
    }

    @Test
    void upload_anotherDoctorsAppointment_isNotFound() {
        String appt = appointment("COMPLETED");
        String otherDoctor = TestTokens.token("doc-" + UUID.randomUUID(), "doctor");
        problem(api.upload(otherDoctor, appt, "r.pdf", new byte[] {1}), 404, "appointment-not-found");
        assertThat(manifestsFor(appt)).isZero();
    }

    @Test
    void upload_secondReportForAppointment_isConflict() {
        String appt = appointment("COMPLETED");
        api.uploaded(doctorToken, appt, "r.pdf", new byte[] {1});

        problem(api.upload(doctorToken, appt, "r2.pdf", new byte[] {2}), 409, "report-exists");
        assertThat(manifestsFor(appt)).isOne();
    }

    @Test
    void upload_emptyFile_isBadRequestAndLeavesNothing() {
        String appt = appointment("COMPLETED");
        int keysBefore = S3TestServers.a().keys().size();

        problem(api.upload(doctorToken, appt, "empty.pdf", new byte[0]), 400, "empty-file");

        assertThat(manifestsFor(appt)).isZero();
        assertThat(S3TestServers.a().keys()).hasSize(keysBefore);
    }

    @Test
    void upload_fileBeforeAppointmentId_isBadRequest() {
        String appt = appointment("COMPLETED");
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(new byte[] {1, 2}) {
            @Override
            public String getFilename() {
                return "r.pdf";
            }
        });
        body.part("appointmentId", appt);
        problem(webTestClient.post().uri("/api/reports").header(HttpHeaders.AUTHORIZATION, "Bearer " + doctorToken)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(body.build()))
                .exchange(), 400, "invalid-upload");
        assertThat(manifestsFor(appt)).isZero();
    }

    @Test
    void upload_withoutFilePart_isBadRequest() {
        String appt = appointment("COMPLETED");
        problem(webTestClient.post().uri("/api/reports").header(HttpHeaders.AUTHORIZATION, "Bearer " + doctorToken)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData("appointmentId", appt))
                .exchange(), 400, "invalid-upload");
    }

    @Test
    void upload_bodyCutShortInTheFile_isMalformedAndLeavesNothing() {
        String appt = appointment("COMPLETED");
        int keysBefore = S3TestServers.a().keys().size();
        byte[] file = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(file);
        String head = "--cut\r\nContent-Disposition: form-data; name=\"appointmentId\"\r\n\r\n" + appt
                + "\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\n\r\n";
        byte[] body = Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII),
                head.length() + file.length);
        System.arraycopy(file, 0, body, head.length(), file.length);

        // no closing delimiter: the client stopped mid-file, however the connection ended
        problem(webTestClient.post().uri("/api/reports").header(HttpHeaders.AUTHORIZATION, "Bearer " + doctorToken)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=cut")).bodyValue(body)
                .exchange(), 400, "malformed-multipart");
        assertThat(manifestsFor(appt)).isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(S3TestServers.a().keys()).hasSize(keysBefore));
    }

    @Test
    void upload_malformedAppointmentId_isBadRequest() {
        problem(api.upload(doctorToken, "../../etc/passwd", "r.pdf", new byte[] {1}), 400, "invalid-appointment-id");
    }

    @Test
    void upload_bookingServiceFailing_isServiceUnavailableAndStoresNothing() {
        String appt = appointment("COMPLETED");
        FakeBookingService.instance().failWith(500);

        problem(api.upload(doctorToken, appt, "r.pdf", new byte[] {1}), 503, "booking-unavailable");
        assertThat(manifestsFor(appt)).isZero();
    }

    @Test
    void list_patientAndDoctor_seeOnlyTheirOwnReports() {
        String mine = storedReport();
        String strangerPatient = TestTokens.token("pat-" + UUID.randomUUID(), "patient");
        String strangerDoctor = TestTokens.token("doc-" + UUID.randomUUID(), "doctor");

        assertThat(list(patientToken)).extracting(r -> r.get("id")).containsExactly(mine);
        assertThat(list(doctorToken)).extracting(r -> r.get("id")).containsExactly(mine);
        assertThat(list(strangerPatient)).isEmpty();
        assertThat(list(strangerDoctor)).isEmpty();
        assertThat(list(patientToken).get(0)).doesNotContainKeys("chunks", "key", "outbox");
    }

    @Test
    void readingAnotherPatientsReport_isNotFoundEverywhere() {
        String id = storedReport();
        String stranger = TestTokens.token("pat-" + UUID.randomUUID(), "patient");
        String strangerDoctor = TestTokens.token("doc-" + UUID.randomUUID(), "doctor");

        for (String token : List.of(stranger, strangerDoctor)) {
            for (String path : List.of("", "/receipt", "/content")) {
                problem(api.get(token, "/api/reports/" + id + path), 404, "report-not-found");
            }
        }
        problem(api.get(patientToken, "/api/reports/" + UUID.randomUUID()), 404, "report-not-found");
    }

    @Test
    void upload_andDownload_publishReportStoredAndReportDownloaded() {
        Map<String, Object> stored = api.uploaded(doctorToken, appointment("COMPLETED"), "r.pdf",
                TestData.bytes(5, 2 * 1024 * 1024 + 1));
        String id = (String) stored.get("id");
        api.download(patientToken, id);

        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.REPORT));
            List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        mine.add(r);
                    }
                });
                assertThat(mine).hasSize(2);
            });
            assertThat(type(mine.get(0))).isEqualTo("org.medledger.report.report-stored.v1");
            String data = new String(mine.get(0).value());
            assertThat(data).contains("\"reportId\":\"" + id + "\"").contains("\"patientId\":\"" + patient + "\"")
                    .contains("\"rootHash\":\"" + stored.get("rootHash") + "\"").contains("\"chunkCount\":3")
                    .contains("\"ledgerEntryId\":\"" + stored.get("ledgerEntryId") + "\"");
            assertThat(type(mine.get(1))).isEqualTo("org.medledger.report.report-downloaded.v1");
        }
        Report report = mongo.findById(id, Report.class).block();
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById(id, Report.class).block().outbox().isEmpty());
        assertThat(report.ledgerEntryId()).isEqualTo(stored.get("ledgerEntryId"));
    }

    @Test
    void openApiDocument_describesTheReportEndpoints() {
        webTestClient.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/reports'].post").exists()
                .jsonPath("$.paths['/api/reports'].get").exists()
                .jsonPath("$.paths['/api/reports/{id}/content'].get").exists()
                .jsonPath("$.paths['/api/reports/{id}/receipt'].get").exists()
                .jsonPath("$.paths['/api/reports/keys/rotate'].post").exists();
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_type").value());
    }

    private List<Map<String, Object>> list(String token) {
        return api.get(token, "/api/reports").expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
    }
}
