package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.chain.HashChainVerifier;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Tampering done directly in the buckets and in MongoDB, as SPEC's report chain must detect it: one bad copy is
 * served around (and recorded), two bad copies stop the download without delivering a byte of the bad chunk.
 */
@ReportChainIntegrationTest
class ReportIntegrityIntegrationTest {

    private static final int MIB = 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    ReactiveMongoTemplate mongo;

    ReportApi api;
    String doctor;
    String patient;
    String patientToken;
    String doctorToken;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        doctorToken = TestTokens.token(doctor, "doctor");
        patientToken = TestTokens.token(patient, "patient");
        FakeBookingService.instance().reset();
    }

    /** Uploads a file of {@code size} bytes and returns its manifest. */
    private Report store(long seed, int size) {
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        String id = (String) api.uploaded(doctorToken, appointment, "file.bin", TestData.bytes(seed, size)).get("id");
        return mongo.findById(id, Report.class).block();
    }

    private static ReportChunk chunk(Report report, int index) {
        return report.chunks().get(index);
    }

    private List<Finding> findings(Report report) {
        return mongo.find(Query.query(Criteria.where("reportId").is(report.id())), Finding.class).collectList().block();
    }

    @Test
    void download_oneFlippedByteInBucketA_isServedFromBucketBAndRecorded() {
        byte[] file = TestData.bytes(21, 3 * MIB);
        Report report = store(21, 3 * MIB);
        S3TestServers.a().flip(chunk(report, 1), 1000);

        assertThat(api.download(patientToken, report.id())).isEqualTo(file);

        assertThat(findings(report)).singleElement().satisfies(finding -> {
            assertThat(finding.chunkIndex()).isEqualTo(1);
            assertThat(finding.store()).isEqualTo("a");
            assertThat(finding.kind()).isEqualTo("CORRUPT");
            assertThat(finding.key()).isEqualTo(S3TestServers.a().copyOf(chunk(report, 1)).key());
            assertThat(finding.status()).isEqualTo(Finding.OPEN);
            assertThat(finding.reason()).contains("SHA-256");
        });
    }

    @Test
    void download_sameDamageSeenTwice_isOneFindingWithTwoOccurrences() {
        byte[] file = TestData.bytes(22, MIB + 5);
        Report report = store(22, MIB + 5);
        S3TestServers.a().flip(chunk(report, 0), 3);

        assertThat(api.download(patientToken, report.id())).isEqualTo(file);
        assertThat(api.download(doctorToken, report.id())).isEqualTo(file);

        assertThat(findings(report)).singleElement().satisfies(finding -> {
            assertThat(finding.occurrences()).isEqualTo(2);
            assertThat(finding.lastSeenAt()).isAfterOrEqualTo(finding.firstSeenAt());
        });
    }

    @Test
    void download_objectDeletedFromBucketA_isServedFromBucketBAndEachOfItsChunksRecordedMissing() {
        byte[] file = TestData.bytes(23, 2 * MIB + 1);
        Report report = store(23, 2 * MIB + 1);
        S3TestServers.a().delete(S3TestServers.a().copyOf(chunk(report, 2)).key());

        assertThat(api.download(patientToken, report.id())).isEqualTo(file);

        assertThat(findings(report)).extracting(Finding::chunkIndex).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(findings(report)).allSatisfy(finding -> {
            assertThat(finding.store()).isEqualTo("a");
            assertThat(finding.kind()).isEqualTo("MISSING");
        });
    }

    @Test
    void download_firstChunkDamagedInBothBuckets_isRefusedWith502BeforeAnyByte() {
        Report report = store(24, 2 * MIB);
        S3TestServers.a().flip(chunk(report, 0), 10);
        S3TestServers.b().flip(chunk(report, 0), 20);

        api.get(patientToken, "/api/reports/" + report.id() + "/content")
                .expectStatus().isEqualTo(502)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/report-damaged")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("SHA"));

        assertThat(findings(report)).extracting(Finding::store).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void download_laterChunkDamagedInBothBuckets_abortsWithoutDeliveringItsBytes() {
        byte[] file = TestData.bytes(25, 4 * MIB);
        Report report = store(25, 4 * MIB);
        S3TestServers.a().flip(chunk(report, 2), 100);
        S3TestServers.b().flip(chunk(report, 2), 200);

        byte[] received = downloadUntilFailure(report.id());

        assertThat(received.length).isLessThanOrEqualTo(2 * MIB);
        assertThat(received).isEqualTo(Arrays.copyOf(file, received.length));
        assertThat(findings(report)).extracting(Finding::chunkIndex).containsOnly(2);
    }

    @Test
    void download_lastChunkCutFromBothBuckets_isNeverACompleteLookingFile() {
        byte[] file = TestData.bytes(26, 3 * MIB + 7);
        Report report = store(26, 3 * MIB + 7);
        for (S3TestServer server : List.of(S3TestServers.a(), S3TestServers.b())) {
            ChunkLocation last = server.copyOf(chunk(report, 3));
            server.put(last.key(), Arrays.copyOf(server.get(last.key()), last.offset().intValue()));
        }

        byte[] received = downloadUntilFailure(report.id());

        assertThat(received.length).isLessThan(file.length);
        assertThat(findings(report)).extracting(Finding::chunkIndex).containsOnly(3);
        assertThat(findings(report)).extracting(Finding::kind).containsOnly("CORRUPT");
    }

    @Test
    void download_twoChunksSwappedInBothBuckets_isDetected() {
        Report report = store(27, 3 * MIB);
        for (S3TestServer server : List.of(S3TestServers.a(), S3TestServers.b())) {
            byte[] first = server.chunk(chunk(report, 0));
            byte[] second = server.chunk(chunk(report, 1));
            server.putChunk(chunk(report, 0), second);
            server.putChunk(chunk(report, 1), first);
        }

        api.get(patientToken, "/api/reports/" + report.id() + "/content").expectStatus().isEqualTo(502);
    }

    @Test
    void download_chunkSplicedInFromAnotherReport_isDetected() {
        Report report = store(28, 2 * MIB);
        Report other = store(29, 2 * MIB);
        for (S3TestServer server : List.of(S3TestServers.a(), S3TestServers.b())) {
            server.putChunk(chunk(report, 1), server.chunk(chunk(other, 1)));
        }

        byte[] received = downloadUntilFailure(report.id());

        assertThat(received.length).isLessThanOrEqualTo(MIB);
    }

    @Test
    void download_chunkHashEditedInManifest_isRefusedAndRecorded() {
        Report report = store(30, 2 * MIB);
        String forged = HEX.formatHex(new byte[32]);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(report.id())),
                new Update().set("chunks.1.hash", forged), Report.class).block();

        api.get(patientToken, "/api/reports/" + report.id() + "/content").expectStatus().isEqualTo(502);

        assertThat(findings(report)).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("MANIFEST"));
    }

    @Test
    void download_manifestTruncatedWithConsistentChainAndRoot_failsTheFinalFlagCheck() {
        // An attacker with database access drops the last chunk and recomputes every commitment: only the GCM
        // final flag can tell, because chunk 1 was sealed as "not last".
        byte[] file = TestData.bytes(31, 2 * MIB + 100);
        Report report = store(31, 2 * MIB + 100);
        List<ReportChunk> kept = report.chunks().subList(0, 2);
        List<byte[]> hashes = kept.stream().map(c -> HEX.parseHex(c.hash())).toList();
        List<byte[]> links = HashChainVerifier.computeLinks(report.reportId(), hashes);
        byte[] root = MerkleTree.root(hashes.stream().map(MerkleHasher::hashLeaf).toList());
        mongo.updateFirst(Query.query(Criteria.where("_id").is(report.id())), new Update()
                .set("chunks", kept)
                .set("chunkCount", 2)
                .set("size", 2L * MIB)
                .set("chainHead", HEX.formatHex(links.get(1)))
                .set("rootHash", HEX.formatHex(root)), Report.class).block();

        byte[] received = downloadUntilFailure(report.id());

        assertThat(received.length).isLessThanOrEqualTo(MIB);
        assertThat(received).isEqualTo(Arrays.copyOf(file, received.length));
    }

    @Test
    void download_wrappedKeyOfAnotherReport_isRefused() {
        Report report = store(32, 1000);
        Report other = store(33, 1000);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(report.id())),
                new Update().set("key", other.key()), Report.class).block();
        try {
            api.get(patientToken, "/api/reports/" + report.id() + "/content")
                    .expectStatus().isEqualTo(502)
                    .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/report-damaged");
        } finally {
            // A key that cannot be unwrapped would count as a failure in every later key rotation of this context.
            mongo.updateFirst(Query.query(Criteria.where("_id").is(report.id())),
                    new Update().set("key", report.key()), Report.class).block();
        }
    }

    /**
     * Downloads, expecting the response to start (200) and then fail; returns the bytes received before the
     * failure.
     */
    private byte[] downloadUntilFailure(String reportId) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Flux<DataBuffer> body = api.client().get().uri("/api/reports/" + reportId + "/content")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + patientToken)
                .exchange()
                .expectStatus().isOk()
                .returnResult(DataBuffer.class)
                .getResponseBody();
        StepVerifier.create(body.doOnNext(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    received.writeBytes(bytes);
                }).then())
                .expectError()
                .verify(Duration.ofSeconds(60));
        return received.toByteArray();
    }
}
