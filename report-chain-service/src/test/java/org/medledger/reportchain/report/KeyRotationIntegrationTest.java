package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Rotating the key-encryption key re-wraps every data key and touches no chunk; old and new reports download. */
@ReportChainIntegrationTest
class KeyRotationIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    ReactiveMongoTemplate mongo;

    private String upload(ReportApi api, String doctor, String patient, byte[] file) {
        String appt = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appt, doctor, patient, "COMPLETED");
        return (String) api.uploaded(TestTokens.token(doctor, "doctor"), appt, "r.pdf", file).get("id");
    }

    private Map<String, Object> rotate(String token) {
        return webTestClient.post().uri("/api/reports/keys/rotate").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    @Test
    void rotate_rewrapsEveryDataKey_andOldAndNewReportsStillDownload() {
        ReportApi api = new ReportApi(webTestClient);
        FakeBookingService.instance().reset();
        String doctor = "doc-" + UUID.randomUUID();
        String patient = "pat-" + UUID.randomUUID();
        String patientToken = TestTokens.token(patient, "patient");
        byte[] oldFile = TestData.bytes(50, 2 * 1024 * 1024 + 3);
        String oldId = upload(api, doctor, patient, oldFile);
        Report before = mongo.findById(oldId, Report.class).block();

        Map<String, Object> result = rotate(TestTokens.token("admin-1", "admin"));

        String version = (String) result.get("kekVersion");
        assertThat(version).startsWith("local:v").isNotEqualTo(before.key().kekVersion());
        assertThat(((Number) result.get("rewrapped")).longValue()).isPositive();
        assertThat(((Number) result.get("failed")).longValue()).isZero();
        assertThat((String) result.get("ledgerEntryId")).isNotBlank();
        Report after = mongo.findById(oldId, Report.class).block();
        assertThat(after.key().kekVersion()).isEqualTo(version);
        assertThat(after.key().wrappedKey()).isNotEqualTo(before.key().wrappedKey());
        assertThat(after.keyHistory()).extracting(KeyChange::reason).containsExactly("stored", "rotation");
        assertThat(after.chunks()).isEqualTo(before.chunks());
        assertThat(after.rootHash()).isEqualTo(before.rootHash());
        assertThat(api.download(patientToken, oldId)).isEqualTo(oldFile);

        byte[] newFile = TestData.bytes(51, 1000);
        String newId = upload(api, doctor, patient, newFile);
        assertThat(mongo.findById(newId, Report.class).block().key().kekVersion()).isEqualTo(version);
        assertThat(api.download(patientToken, newId)).isEqualTo(newFile);
    }

    @Test
    void rotate_byNonAdmin_isForbidden() {
        for (String role : new String[] {"doctor", "patient", "auditor"}) {
            webTestClient.post().uri("/api/reports/keys/rotate")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token("u-" + role, role))
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/role-required");
        }
    }
}
