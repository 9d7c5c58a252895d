package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.medledger.reportchain.chunking.TransferBudget;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.testing.AutoDownloadTokens;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The transfer budget at the API: a transfer that does not fit is refused with 503 {@code transfer-capacity} before it
 * changes anything, and every admitted transfer gives its reservation back however it ends.
 */
@ReportChainIntegrationTest
class TransferAdmissionIntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    WebTestClient webTestClient;

    @LocalServerPort
    int port;

    @Autowired
    TransferBudget budget;

    @Autowired
    ReportProperties properties;

    @Autowired
    DownloadTokens downloadTokens;

    @Autowired
    ReactiveMongoTemplate mongo;

    ReportApi api;
    String doctor;
    String patient;
    String doctorToken;
    String patientToken;
    TransferBudget.Reservation hog;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        doctorToken = TestTokens.token(doctor, "doctor");
        patientToken = TestTokens.token(patient, "patient");
        FakeBookingService.instance().reset();
        assertThat(budget.reservedBytes()).isZero();
    }

    @AfterEach
    void releaseHog() {
        if (hog != null) {
            hog.close();
        }
    }

    private String completedAppointment() {
        String id = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(id, doctor, patient, "COMPLETED");
        return id;
    }

    /** Takes all the budget, as if many transfers were running. */
    private void spendTheBudget() {
        hog = budget.tryReserve(budget.limitBytes()).orElseThrow();
    }

    @Test
    void budgetSpent_uploadsRefusedWith503AndRetryAfter_storingNothing_thenAdmittedWhenThereIsRoom() {
        String appointment = completedAppointment();
        byte[] data = TestData.bytes(1, 3 * MIB);
        spendTheBudget();

        api.upload(doctorToken, appointment, "scan.pdf", data).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "10")
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/transfer-capacity");
        api.uploadRaw(doctorToken, appointment, "scan.pdf", "application/pdf", data).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/transfer-capacity");
        assertThat(mongo.count(Query.query(Criteria.where("appointmentId").is(appointment)), Report.class).block())
                .isZero();

        hog.close();
        Map<String, Object> stored = api.uploaded(doctorToken, appointment, "scan.pdf", data);
        assertThat(api.download(patientToken, (String) stored.get("id"))).isEqualTo(data);
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.reservedBytes() == 0);
    }

    @Test
    void budgetSpent_downloadRefusedBeforeItsTokenIsSpent_theSameTokenWorksLater() {
        byte[] data = TestData.bytes(2, 2 * MIB + 5);
        String reportId = (String) api.uploaded(doctorToken, completedAppointment(), "scan.pdf", data).get("id");
        String token = downloadTokens.mint(patient, reportId).block().token();
        spendTheBudget();

        downloadWith(token, reportId).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "10")
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/transfer-capacity");

        hog.close();
        byte[] body = downloadWith(token, reportId).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(data);
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.reservedBytes() == 0);
    }

    @Test
    void download_reservesWhatItsReportNeeds_andGivesItBackWhenTheClientLeavesMidStream() {
        int chunks = 6;
        byte[] data = TestData.bytes(3, chunks * properties.chunkBytes());
        String reportId = (String) api.uploaded(doctorToken, completedAppointment(), "scan.pdf", data).get("id");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        DataBuffer first = client.get().uri("/api/reports/{id}/content", reportId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + patientToken)
                .header(TokenDownloadGate.HEADER, downloadTokens.mint(patient, reportId).block().token())
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .doOnNext(buffer -> {
                    // the six chunks and the one being sent, fewer than read-ahead + 5 of them
                    assertThat(budget.reservedBytes()).isEqualTo(
                            Math.min(chunks + 1, properties.readAhead() + 5)
                                    * (long) ChunkFormat.sealedLength(properties.chunkBytes()));
                })
                .blockFirst(Duration.ofSeconds(30));
        DataBufferUtils.release(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> budget.reservedBytes() == 0);
    }

    @Test
    void refusedDownloads_giveTheirReservationBack() {
        String reportId = (String) api.uploaded(doctorToken, completedAppointment(), "scan.pdf",
                TestData.bytes(4, 1000)).get("id");

        downloadWith("not-a-token", reportId).expectStatus().isForbidden();
        api.get(TestTokens.token("someone-else", "patient"), "/api/reports/" + reportId + "/content")
                .expectStatus().isNotFound();

        await().atMost(Duration.ofSeconds(10)).until(() -> budget.reservedBytes() == 0);
    }

    private WebTestClient.ResponseSpec downloadWith(String token, String reportId) {
        return api.client().get().uri("/api/reports/{id}/content", reportId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + patientToken)
                .header(AutoDownloadTokens.RAW, "true")
                .header(TokenDownloadGate.HEADER, token)
                .exchange();
    }
}
