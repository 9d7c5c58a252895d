package org.medledger.reportchain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/** SPEC flow 7 over HTTP: code by "e-mail" (the codes topic), token, gated download; every refusal. */
@ReportChainIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DownloadCodeIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern USER = Pattern.compile("\"userId\"\\s*:\\s*\"([^\"]+)\"");

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
    String doctorToken;
    String patientToken;
    byte[] file;
    String reportId;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        doctorToken = TestTokens.token(doctor, "doctor");
        patientToken = TestTokens.token(patient, "patient");
        FakeBookingService.instance().reset();
        file = TestData.bytes(7, 200_000);
        reportId = upload();
    }

    private String upload() {
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        return (String) api.uploaded(doctorToken, appointment, "r.pdf", file).get("id");
    }

    private WebTestClient.ResponseSpec requestCode(String token, String report) {
        return api.client().post().uri("/api/reports/{id}/download-code", report)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec exchange(String token, String report, String code) {
        return api.client().post().uri("/api/reports/{id}/download-token", report)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code)).exchange();
    }

    private WebTestClient.ResponseSpec content(String token, String report, String downloadToken) {
        return api.client().get().uri("/api/reports/{id}/content", report)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .headers(h -> {
                    h.add(AutoDownloadTokens.RAW, "1");
                    if (downloadToken != null) {
                        h.add(TokenDownloadGate.HEADER, downloadToken);
                    }
                })
                .exchange();
    }

    /** Requests a code for {@code user} and reads it from the codes topic, as notification-service would. */
    private String issuedCode(String token, String user, String report) {
        int before = codesOnTopic(report, user, 0).size();
        requestCode(token, report).expectStatus().isAccepted();
        List<String> codes = codesOnTopic(report, user, before + 1);
        return codes.get(codes.size() - 1);
    }

    private List<String> codesOnTopic(String report, String user, int atLeast) {
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.CODES));
            List<String> codes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    String data = new String(r.value());
                    Matcher u = USER.matcher(data);
                    Matcher c = CODE.matcher(data);
                    if (report.equals(r.key()) && u.find() && u.group(1).equals(user) && c.find()) {
                        codes.add(c.group(1));
                    }
                });
                return atLeast == 0 || codes.size() >= atLeast;
            });
            return codes;
        }
    }

    private String token(String bearer, String report, String code) {
        Map<String, Object> body = exchange(bearer, report, code).expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
        assertThat(Instant.parse((String) body.get("expiresAt"))).isAfter(Instant.now());
        return (String) body.get("token");
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/" + type);
    }

    private List<LedgerEntryKind> ledgerKinds(String report) {
        return ledger.entriesForReport(report).map(LedgerEntry::kind).collectList().block();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void download_patientWithCodeAndToken_isBitIdenticalAndOnTheLedger(CapturedOutput output) {
        String code = issuedCode(patientToken, patient, reportId);
        assertThat(code).matches("\\d{6}");
        String downloadToken = token(patientToken, reportId, code);
        assertThat(downloadToken).matches("[A-Za-z0-9_-]{43}");

        byte[] body = content(patientToken, reportId, downloadToken).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();

        assertThat(body).isEqualTo(file);
        assertThat(ledgerKinds(reportId)).containsSubsequence(LedgerEntryKind.REPORT_STORED,
                LedgerEntryKind.DOWNLOAD_CODE_ISSUED, LedgerEntryKind.REPORT_DOWNLOADED);
        assertThat(ledger.entriesForReport(reportId).collectList().block())
                .allSatisfy(entry -> assertThat(entry.attributes().values()).doesNotContain(code));
        assertThat(output.getAll()).doesNotContain("\"code\":\"" + code).doesNotContainPattern("code\\W{0,5}" + code);
        assertThat(mongo.findOne(Query.query(Criteria.where("reportId").is(reportId)), DownloadCode.class).block()
                .hash()).doesNotContain(code);
    }

    @Test
    void download_uploadingDoctorWithOwnCode_succeeds() {
        String code = issuedCode(doctorToken, doctor, reportId);
        byte[] body = content(doctorToken, reportId, token(doctorToken, reportId, code)).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(file);
    }

    @Test
    void content_withoutToken_isForbiddenAndLedgered() {
        problem(content(patientToken, reportId, null), 403, "download-token-required");
        problem(content(patientToken, reportId, "not-a-token"), 403, "download-token-invalid");
        assertThat(ledgerKinds(reportId)).contains(LedgerEntryKind.ACCESS_DENIED_ATTEMPT);
    }

    @Test
    void content_tokenReplayed_isForbidden() {
        String downloadToken = token(patientToken, reportId, issuedCode(patientToken, patient, reportId));
        content(patientToken, reportId, downloadToken).expectStatus().isOk().expectBody(byte[].class);

        problem(content(patientToken, reportId, downloadToken), 403, "download-token-used");
    }

    @Test
    void content_sameTokenTwiceConcurrently_exactlyOneSucceeds() {
        String downloadToken = token(patientToken, reportId, issuedCode(patientToken, patient, reportId));
        List<CompletableFuture<Integer>> attempts = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> content(patientToken, reportId, downloadToken)
                        .returnResult(byte[].class).getStatus().value()))
                .toList();
        List<Integer> statuses = attempts.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsExactlyInAnyOrder(200, 403);
    }

    @Test
    void exchange_codeReplayed_isForbidden() {
        String code = issuedCode(patientToken, patient, reportId);
        token(patientToken, reportId, code);

        problem(exchange(patientToken, reportId, code), 403, "code-used");
    }

    @Test
    void exchange_expiredCode_isForbidden() {
        String code = issuedCode(patientToken, patient, reportId);
        mongo.updateMulti(Query.query(Criteria.where("reportId").is(reportId)),
                new Update().set("expiresAt", Instant.now().minusSeconds(1)), DownloadCode.class).block();

        problem(exchange(patientToken, reportId, code), 403, "code-expired");
    }

    @Test
    void exchange_fiveWrongCodes_voidTheCode() {
        String code = issuedCode(patientToken, patient, reportId);
        for (int i = 0; i < 4; i++) {
            problem(exchange(patientToken, reportId, wrong(code)), 403, "code-invalid");
        }
        problem(exchange(patientToken, reportId, wrong(code)), 403, "code-voided");

        problem(exchange(patientToken, reportId, code), 403, "code-voided");
        assertThat(ledgerKinds(reportId)).contains(LedgerEntryKind.ACCESS_DENIED_ATTEMPT);
    }

    @Test
    void exchange_newCode_supersedesTheOldOne() {
        String first = issuedCode(patientToken, patient, reportId);
        String second = issuedCode(patientToken, patient, reportId);
        if (!first.equals(second)) {
            problem(exchange(patientToken, reportId, first), 403, "code-invalid");
        }
        token(patientToken, reportId, second);
    }

    @Test
    void exchange_anotherUsersCode_isForbidden() {
        String patientsCode = issuedCode(patientToken, patient, reportId);
        problem(exchange(doctorToken, reportId, patientsCode), 403, "no-download-code");

        String doctorsCode = issuedCode(doctorToken, doctor, reportId);
        if (!doctorsCode.equals(patientsCode)) {
            problem(exchange(doctorToken, reportId, patientsCode), 403, "code-invalid");
        }
        token(patientToken, reportId, patientsCode);
    }

    @Test
    void content_anotherUsersOrAnotherReportsToken_isForbidden() {
        String otherReport = upload();
        String patientsToken = token(patientToken, reportId, issuedCode(patientToken, patient, reportId));

        problem(content(doctorToken, reportId, patientsToken), 403, "download-token-invalid");
        problem(content(patientToken, otherReport, patientsToken), 403, "download-token-invalid");
        content(patientToken, reportId, patientsToken).expectStatus().isOk().expectBody(byte[].class);
    }

    @Test
    void downloadCode_anotherPatient_isNotFound() {
        String stranger = TestTokens.token("pat-" + UUID.randomUUID(), "patient");
        problem(requestCode(stranger, reportId), 404, "report-not-found");
        problem(exchange(stranger, reportId, "123456"), 404, "report-not-found");
        problem(content(stranger, reportId, "whatever"), 404, "report-not-found");
    }

    @Test
    void downloadCode_sixthInAnHour_isTooManyRequests() {
        for (int i = 0; i < 5; i++) {
            requestCode(patientToken, reportId).expectStatus().isAccepted();
        }
        problem(requestCode(patientToken, reportId), 429, "too-many-codes");
    }

    @Test
    void downloadCode_concurrentRequestsBeyondTheCap_exactlyCapSucceedTheRestAre429() {
        int cap = 5;
        String otherReport = upload();
        List<CompletableFuture<WebTestClient.ResponseSpec>> attempts = IntStream.range(0, 3 * cap)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> requestCode(patientToken, i % 2 == 0 ? reportId : otherReport)))
                .toList();
        List<WebTestClient.ResponseSpec> answers = attempts.stream().map(CompletableFuture::join).toList();

        List<WebTestClient.ResponseSpec> refused = new ArrayList<>();
        int accepted = 0;
        for (WebTestClient.ResponseSpec answer : answers) {
            int status = answer.returnResult(byte[].class).getStatus().value();
            if (status == 202) {
                accepted++;
            } else {
                refused.add(answer);
            }
        }
        assertThat(accepted).isEqualTo(cap);
        assertThat(refused).hasSize(2 * cap).allSatisfy(answer -> problem(answer, 429, "too-many-codes"));
        assertThat(mongo.count(Query.query(Criteria.where("userId").is(patient)), DownloadCode.class).block())
                .isEqualTo(cap);
        // another account has its own quota
        requestCode(doctorToken, reportId).expectStatus().isAccepted();
    }

    @Test
    void downloadCode_slotFreedAfterTheWindow_allowsAnotherCode() {
        for (int i = 0; i < 5; i++) {
            requestCode(patientToken, reportId).expectStatus().isAccepted();
        }
        problem(requestCode(patientToken, reportId), 429, "too-many-codes");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(patient + "#3")),
                new Update().set("expiresAt", Instant.now().minusSeconds(1)), CodeQuota.Slot.class).block();

        requestCode(patientToken, reportId).expectStatus().isAccepted();
        problem(requestCode(patientToken, reportId), 429, "too-many-codes");
    }

    @Test
    void exchange_sameCodeTwiceConcurrently_exactlyOneTokenIsIssued() {
        String code = issuedCode(patientToken, patient, reportId);
        List<CompletableFuture<Integer>> attempts = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> exchange(patientToken, reportId, code)
                        .returnResult(byte[].class).getStatus().value()))
                .toList();
        List<Integer> statuses = attempts.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsExactlyInAnyOrder(200, 403, 403, 403);
        assertThat(mongo.count(Query.query(Criteria.where("userId").is(patient).and("reportId").is(reportId)),
                DownloadToken.class).block()).isOne();
    }

    @Test
    void expiringCollections_haveTtlIndexesOnTheirExpiry() {
        for (String collection : List.of(DownloadCode.COLLECTION, DownloadToken.COLLECTION,
                CodeQuota.Slot.COLLECTION)) {
            List<IndexInfo> indexes = mongo.indexOps(collection).getIndexInfo().collectList().block();
            assertThat(indexes).as(collection)
                    .filteredOn(index -> index.getIndexFields().stream()
                            .anyMatch(field -> field.getKey().equals("expiresAt")))
                    .singleElement()
                    .satisfies(index -> assertThat(index.getExpireAfter()).isPresent());
        }
        assertThat(mongo.indexOps(DownloadCode.COLLECTION).getIndexInfo()
                .filter(index -> index.getName().equals("expires_ttl")).blockFirst().getExpireAfter())
                .contains(Duration.ofHours(1));
        assertThat(mongo.indexOps(CodeQuota.Slot.COLLECTION).getIndexInfo()
                .filter(index -> index.getName().equals("expires_ttl")).blockFirst().getExpireAfter())
                .contains(Duration.ZERO);
    }

    @Test
    void exchange_malformedCode_isBadRequest() {
        exchange(patientToken, reportId, "12ab").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
