package org.medledger.reportchain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.Topics;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntry;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.testing.AutoDownloadTokens;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/** SPEC flow 8 over HTTP: another doctor asks, the patient approves or gives the code, grants end. */
@ReportChainIntegrationTest
class AccessRequestIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {
            };
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"");

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    Ledger ledger;

    ReportApi api;
    String doctor;
    String patient;
    String other;
    String doctorToken;
    String patientToken;
    String otherToken;
    byte[] file;
    String reportId;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        other = "doc-" + UUID.randomUUID();
        doctorToken = TestTokens.token(doctor, "doctor");
        patientToken = TestTokens.token(patient, "patient");
        otherToken = TestTokens.token(other, "doctor");
        FakeBookingService.instance().reset();
        file = TestData.bytes(11, 50_000);
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        reportId = (String) api.uploaded(doctorToken, appointment, "r.pdf", file).get("id");
    }

    private WebTestClient.ResponseSpec post(String token, String path, Object body) {
        WebTestClient.RequestBodySpec spec = api.client().post().uri("/api/reports/" + reportId + path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String requestAccess() {
        Map<String, Object> created = post(otherToken, "/access-requests", Map.of("reason", "second opinion"))
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        return (String) created.get("id");
    }

    /** The patient's code, as notification-service receives it on the codes topic. */
    private String patientCode(String requestId) {
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.CODES));
            List<String> codes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Matcher c = CODE.matcher(new String(r.value()));
                    if (requestId.equals(r.key()) && c.find()) {
                        codes.add(c.group(1));
                    }
                });
                return !codes.isEmpty();
            });
            return codes.get(0);
        }
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/" + type);
    }

    private List<LedgerEntryKind> ledgerKinds() {
        return ledger.entriesForReport(reportId).map(LedgerEntry::kind).collectList().block();
    }

    /** The whole download by code, as the granted doctor. */
    private WebTestClient.ResponseSpec downloadCodeRequest(String token) {
        return post(token, "/download-code", null);
    }

    @Test
    void accessRequest_withoutGrant_reportIsNotFoundForOtherDoctor() {
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();
        problem(downloadCodeRequest(otherToken), 404, "report-not-found");
    }

    @Test
    void accessRequest_approvedInApp_grantsDownloadUntilRevoked() {
        String requestId = requestAccess();
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();

        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("GRANTED").jsonPath("$.via").isEqualTo("APP");

        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isOk();
        assertThat(api.download(otherToken, reportId)).isEqualTo(file);
        downloadCodeRequest(otherToken).expectStatus().isAccepted();
        List<Map<String, Object>> listed = api.get(otherToken, "/api/reports").expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody();
        assertThat(listed).extracting(r -> r.get("id")).contains(reportId);

        post(patientToken, "/access-requests/" + requestId + "/revoke", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REVOKED");

        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();
        problem(downloadCodeRequest(otherToken), 404, "report-not-found");
        api.get(otherToken, "/api/reports/" + reportId + "/content").expectStatus().isNotFound();
        assertThat(ledgerKinds()).containsSubsequence(LedgerEntryKind.ACCESS_REQUESTED,
                LedgerEntryKind.ACCESS_GRANTED, LedgerEntryKind.REPORT_DOWNLOADED, LedgerEntryKind.ACCESS_REVOKED,
                LedgerEntryKind.ACCESS_DENIED_ATTEMPT);
    }

    @Test
    void accessRequest_confirmedWithPatientsCode_grants() {
        String requestId = requestAccess();
        String code = patientCode(requestId);

        post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", code)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("GRANTED").jsonPath("$.via").isEqualTo("CODE");

        assertThat(api.download(otherToken, reportId)).isEqualTo(file);
        problem(post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", code)), 409,
                "not-pending");
    }

    @Test
    void confirm_fiveWrongCodes_voidTheCodeButAppApprovalStillWorks() {
        String requestId = requestAccess();
        String code = patientCode(requestId);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            problem(post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", wrong)), 403,
                    "code-invalid");
        }
        problem(post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", wrong)), 403,
                "code-voided");
        problem(post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", code)), 403,
                "code-voided");
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();

        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk();
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isOk();
    }

    @Test
    void confirm_expiredCodeOrAnotherDoctor_isRefused() {
        String requestId = requestAccess();
        String code = patientCode(requestId);
        String third = TestTokens.token("doc-" + UUID.randomUUID(), "doctor");
        problem(post(third, "/access-requests/" + requestId + "/confirm", Map.of("code", code)), 404,
                "access-request-not-found");

        mongo.updateFirst(Query.query(Criteria.where("_id").is(requestId)),
                new Update().set("codeExpiresAt", Instant.now().minusSeconds(1)), AccessRequest.class).block();
        problem(post(otherToken, "/access-requests/" + requestId + "/confirm", Map.of("code", code)), 403,
                "code-expired");
    }

    @Test
    void grant_expired_removesAccess() {
        String requestId = requestAccess();
        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk();
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isOk();

        mongo.updateFirst(Query.query(Criteria.where("_id").is(requestId)),
                new Update().set("grantExpiresAt", Instant.now().minusSeconds(1)), AccessRequest.class).block();

        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();
        problem(downloadCodeRequest(otherToken), 404, "report-not-found");

        accessRequests.recordExpiries().block();
        assertThat(accessRequests.recordExpiries().block()).isZero();
        assertThat(ledger.entriesForReport(reportId).collectList().block())
                .filteredOn(e -> e.kind() == LedgerEntryKind.ACCESS_REVOKED)
                .singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "expired")
                        .containsEntry("requestId", requestId));
        requestAccess();
    }

    @Autowired
    AccessRequests accessRequests;

    @Test
    void accessRequest_deniedOrDuplicateOrByOwner_isRefused() {
        problem(post(doctorToken, "/access-requests", Map.of("reason", "mine")), 409, "own-report");
        problem(post(patientToken, "/access-requests", Map.of("reason", "x")), 403, "role-required");
        post(otherToken, "/access-requests", Map.of("reason", "")).expectStatus().isBadRequest();
        String requestId = requestAccess();
        problem(post(otherToken, "/access-requests", Map.of("reason", "again")), 409, "access-request-pending");
        problem(post(otherToken, "/access-requests/" + requestId + "/approve", null), 404,
                "access-request-not-found");

        post(patientToken, "/access-requests/" + requestId + "/deny", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DENIED");

        problem(post(patientToken, "/access-requests/" + requestId + "/approve", null), 409, "not-pending");
        api.get(otherToken, "/api/reports/" + reportId).expectStatus().isNotFound();
        assertThat(ledgerKinds()).contains(LedgerEntryKind.ACCESS_DENIED);
    }

    @Test
    void accessRequests_listAndHistory_showOnlyWhatTheCallerMaySee() {
        String requestId = requestAccess();
        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk();
        api.download(otherToken, reportId);

        List<Map<String, Object>> patientView = api.get(patientToken, "/api/reports/" + reportId
                + "/access-requests").expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(patientView).extracting(r -> r.get("id")).containsExactly(requestId);
        assertThat(patientView.get(0)).doesNotContainKeys("codeHash", "codeSalt");
        List<Map<String, Object>> strangerView = api.get(TestTokens.token("doc-" + UUID.randomUUID(), "doctor"),
                "/api/reports/" + reportId + "/access-requests").expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody();
        assertThat(strangerView).isEmpty();

        List<Map<String, Object>> history = api.get(patientToken, "/api/reports/" + reportId + "/access-history")
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(history).extracting(e -> e.get("kind")).containsSubsequence("ACCESS_REQUESTED", "ACCESS_GRANTED",
                "REPORT_DOWNLOADED");
        api.get(otherToken, "/api/reports/" + reportId + "/access-history").expectStatus().isNotFound();
        api.get(TestTokens.token("pat-" + UUID.randomUUID(), "patient"),
                "/api/reports/" + reportId + "/access-history").expectStatus().isNotFound();
    }

    @Test
    void revokedGrant_tokenIssuedBefore_isRefused() {
        String requestId = requestAccess();
        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk();
        String token = mintToken();

        post(patientToken, "/access-requests/" + requestId + "/revoke", null).expectStatus().isOk();

        api.client().get().uri("/api/reports/{id}/content", reportId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherToken)
                .header(AutoDownloadTokens.RAW, "1").header(TokenDownloadGate.HEADER, token)
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void grant_revoked_stopsTheNextDownloadAndTheLedgerShowsEachStepInOrder() {
        grantEnds_nextDownloadRefused(requestId -> post(patientToken, "/access-requests/" + requestId + "/revoke",
                null).expectStatus().isOk(), "revoked");
    }

    @Test
    void grant_expired_stopsTheNextDownloadAndTheLedgerShowsEachStepInOrder() {
        grantEnds_nextDownloadRefused(requestId -> {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(requestId)),
                    new Update().set("grantExpiresAt", Instant.now().minusSeconds(1)), AccessRequest.class).block();
            accessRequests.recordExpiries().block(); // what the sweeper does every minute
        }, "expired");
    }

    /**
     * The granted doctor downloads through the whole code flow, holds a second token, the grant ends, and that token
     * no longer opens the report; the report's ledger lists every step, in order.
     */
    private void grantEnds_nextDownloadRefused(java.util.function.Consumer<String> endGrant, String outcome) {
        String requestId = requestAccess();
        post(patientToken, "/access-requests/" + requestId + "/approve", null).expectStatus().isOk();
        byte[] body = content(downloadToken()).expectStatus().isOk().expectBody(byte[].class).returnResult()
                .getResponseBody();
        assertThat(body).isEqualTo(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgerKinds().stream()
                .filter(k -> k == LedgerEntryKind.REPORT_DOWNLOADED).count() == 2);
        String held = downloadToken();

        endGrant.accept(requestId);

        problem(content(held), 404, "report-not-found");
        problem(downloadCodeRequest(otherToken), 404, "report-not-found");
        List<LedgerEntry> entries = ledger.entriesForReport(reportId).collectList().block();
        assertThat(entries).extracting(LedgerEntry::kind).containsExactly(LedgerEntryKind.REPORT_STORED,
                LedgerEntryKind.ACCESS_REQUESTED, LedgerEntryKind.ACCESS_GRANTED,
                LedgerEntryKind.DOWNLOAD_CODE_ISSUED, LedgerEntryKind.REPORT_DOWNLOADED,
                LedgerEntryKind.REPORT_DOWNLOADED, LedgerEntryKind.DOWNLOAD_CODE_ISSUED,
                LedgerEntryKind.ACCESS_REVOKED, LedgerEntryKind.ACCESS_DENIED_ATTEMPT,
                LedgerEntryKind.ACCESS_DENIED_ATTEMPT);
        assertThat(entries.subList(1, entries.size())).extracting(LedgerEntry::actor).containsExactly(other, patient,
                other, other, other, other, outcome.equals("expired") ? "system:access-expiry" : patient, other, other);
        assertThat(entries.get(5).attributes()).containsEntry("outcome", "completed")
                .containsEntry("bytes", Integer.toString(file.length));
        assertThat(entries.get(7).attributes()).containsEntry("outcome", outcome)
                .containsEntry("requestId", requestId);
    }

    /** A download token for the other doctor through the real flow: code on the codes topic, then exchange. */
    private String downloadToken() {
        int before = downloadCodes(0).size();
        downloadCodeRequest(otherToken).expectStatus().isAccepted();
        List<String> codes = downloadCodes(before + 1);
        Map<String, Object> token = post(otherToken, "/download-token", Map.of("code", codes.get(codes.size() - 1)))
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
        return (String) token.get("token");
    }

    private List<String> downloadCodes(int atLeast) {
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.CODES));
            List<String> codes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    String data = new String(r.value());
                    Matcher c = CODE.matcher(data);
                    if (reportId.equals(r.key()) && data.contains("\"" + other + "\"") && c.find()) {
                        codes.add(c.group(1));
                    }
                });
                return atLeast == 0 || codes.size() >= atLeast;
            });
            return codes;
        }
    }

    private WebTestClient.ResponseSpec content(String downloadToken) {
        return api.client().get().uri("/api/reports/{id}/content", reportId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherToken)
                .header(AutoDownloadTokens.RAW, "1").header(TokenDownloadGate.HEADER, downloadToken)
                .exchange();
    }

    @Autowired
    DownloadTokens tokens;

    private String mintToken() {
        return tokens.mint(other, reportId).block().token();
    }
}
