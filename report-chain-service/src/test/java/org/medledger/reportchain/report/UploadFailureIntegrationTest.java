package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.EventCodec;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.medledger.support.events.OutboxRelay;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A failed upload leaves no manifest and no objects: bucket down, too large, client gone. */
@ReportChainIntegrationTest
class UploadFailureIntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    WebTestClient webTestClient;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    BookingServiceClient booking;
    @Autowired
    KeyProvider keyProvider;
    @Autowired
    PlacementPolicy placement;
    @Autowired
    LedgerRecorder ledger;
    @Autowired
    EventCodec codec;
    @Autowired
    OutboxRelay outboxRelay;
    @Autowired
    ChunkMemory memory;

    ReportApi api;
    String doctor;
    String patient;

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        FakeBookingService.instance().reset();
    }

    private Set<String> allKeys() {
        Set<String> keys = new HashSet<>(S3TestServers.a().keys());
        keys.addAll(S3TestServers.b().keys());
        return keys;
    }

    /** Keys present now that were not there {@code before}. */
    private Set<String> newKeys(Set<String> before) {
        Set<String> now = allKeys();
        now.removeAll(before);
        return now;
    }

    private long manifestsFor(String appointmentId) {
        return mongo.count(Query.query(Criteria.where("appointmentId").is(appointmentId)), Report.class).block();
    }

    /** An upload service like the context's, with another size limit. */
    private ReportUploads uploadsWithLimit(long maxSize) {
        var properties = new ReportProperties(DataSize.ofMegabytes(1), DataSize.ofBytes(maxSize), 4, 4, null,
                new ReportProperties.WarmUp(false, 0, DataSize.ofKilobytes(16)));
        return new ReportUploads(booking, mongo, keyProvider, placement, ledger, codec, outboxRelay, memory, properties,
                Clock.systemUTC());
    }

    @Test
    void upload_bucketBUnreachable_failsWith503AndLeavesNothing() {
        String appt = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appt, doctor, patient, "COMPLETED");
        Set<String> before = allKeys();
        S3TestServers.b().stop();
        try {
            api.upload(TestTokens.token(doctor, "doctor"), appt, "r.pdf", TestData.bytes(40, 3 * MIB))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://medledger.org/problems/storage-unavailable")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .doesNotContain("127.0.0.1").doesNotContain("reports-b").doesNotContain("Exception"));
        } finally {
            S3TestServers.b().restart();
        }
        assertThat(manifestsFor(appt)).isZero();
        assertThat(newKeys(before)).isEmpty();
    }

    @Test
    void store_beyondMaximumSize_failsAsTooLargeAndDeletesChunksAlreadyWritten() {
        Set<String> before = allKeys();
        UploadPermit permit = new UploadPermit("appt-" + UUID.randomUUID(), patient, doctor);

        StepVerifier.create(uploadsWithLimit(3 * MIB).store(permit, "big.bin", "application/octet-stream",
                        TestData.stream(41, 5L * MIB)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessageContaining(String.valueOf(3 * MIB)))
                .verify(Duration.ofSeconds(60));

        assertThat(manifestsFor(permit.appointmentId())).isZero();
        assertThat(newKeys(before)).isEmpty();
    }

    @Test
    void store_exactlyTheMaximumSize_isAccepted() {
        UploadPermit permit = new UploadPermit("appt-" + UUID.randomUUID(), patient, doctor);

        StepVerifier.create(uploadsWithLimit(3 * MIB).store(permit, "max.bin", null, TestData.stream(42, 3L * MIB)))
                .assertNext(report -> assertThat(report.size()).isEqualTo(3L * MIB))
                .verifyComplete();
    }

    @Test
    void store_clientGoneMidUpload_deletesEveryChunkWritten() {
        Set<String> before = allKeys();
        UploadPermit permit = new UploadPermit("appt-" + UUID.randomUUID(), patient, doctor);
        Flux<DataBuffer> stalls = TestData.stream(43, 5L * MIB)
                .concatWith(Flux.never());

        Disposable upload = uploadsWithLimit(100L * MIB).store(permit, "r.bin", null, stalls).subscribe();
        // 5 MiB then silence: the object of chunks 0 to 3 is written (one key, in each bucket), chunk 4 waits for its
        // final flag
        await().atMost(Duration.ofSeconds(30)).until(() -> S3TestServers.b().keys().containsAll(newKeys(before))
                && !newKeys(before).isEmpty());
        upload.dispose();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(newKeys(before)).isEmpty());
        assertThat(manifestsFor(permit.appointmentId())).isZero();
    }
}
