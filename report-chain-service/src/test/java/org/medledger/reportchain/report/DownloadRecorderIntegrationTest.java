package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntry;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Every download ends on the ledger with what it served: {@code completed} with every byte, {@code aborted} when the
 * client goes away mid-stream, {@code failed} when the service breaks the stream off; never "completed" for a cut
 * download.
 */
@ReportChainIntegrationTest
class DownloadRecorderIntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    WebTestClient webTestClient;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    Ledger ledger;
    @Autowired
    DownloadTokens tokens;
    @LocalServerPort
    int port;

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

    private Report store(long seed, long size) {
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        String id = (String) api.uploadStream(TestTokens.token(doctor, "doctor"), appointment, "file.bin",
                        TestData.stream(seed, size))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        return mongo.findById(id, Report.class).block();
    }

    /** The download's ledger entries once the end has been recorded: the start, then the end. */
    private List<LedgerEntry> downloadEntries(String reportId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> downloads(reportId).size() >= 2);
        return downloads(reportId);
    }

    private List<LedgerEntry> downloads(String reportId) {
        return ledger.entriesForReport(reportId).filter(e -> e.kind() == LedgerEntryKind.REPORT_DOWNLOADED)
                .collectList().block();
    }

    /** The content as a plain client streams it, with a fresh download token. */
    private Flux<DataBuffer> content(String reportId) {
        return WebClient.create("http://127.0.0.1:" + port).get().uri("/api/reports/{id}/content", reportId)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(patient, "patient"))
                .header(TokenDownloadGate.HEADER, tokens.mint(patient, reportId).block().token())
                .retrieve()
                .bodyToFlux(DataBuffer.class);
    }

    @Test
    void download_servedWhole_isRecordedStartedThenCompletedWithEveryByte() {
        long size = 2L * MIB + 5;
        Report report = store(61, size);

        assertThat(api.download(TestTokens.token(patient, "patient"), report.id()))
                .isEqualTo(TestData.bytes(61, (int) size));

        List<LedgerEntry> entries = downloadEntries(report.id());
        assertThat(entries).extracting(e -> e.attributes().get("outcome")).containsExactly("started", "completed");
        assertThat(entries.get(1).attributes()).containsEntry("bytes", Long.toString(size))
                .containsEntry("size", Long.toString(size));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(patient);
            assertThat(e.contentHash()).isEqualTo(report.rootHash());
        });
    }

    @Test
    void download_clientGoneMidStream_isRecordedAbortedWithTheBytesServedSoFar() {
        long size = 32L * MIB;
        Report report = store(62, size);

        // read one buffer, then cancel: the connection closes with most of the file unsent
        content(report.id()).take(1).doOnNext(DataBufferUtils::release).blockLast(Duration.ofSeconds(30));

        List<LedgerEntry> entries = downloadEntries(report.id());
        assertThat(entries).extracting(e -> e.attributes().get("outcome")).containsExactly("started", "aborted");
        long served = Long.parseLong(entries.get(1).attributes().get("bytes"));
        assertThat(served).isPositive().isLessThan(size);
        assertThat(entries.get(1).attributes()).containsEntry("size", Long.toString(size));
    }

    @Test
    void download_chunkBadInBothBucketsMidStream_isRecordedFailedNotCompleted() {
        long size = 4L * MIB;
        Report report = store(63, size);
        ReportChunk bad = report.chunks().get(2);
        byte[] goodA = S3TestServers.a().chunk(bad);
        byte[] goodB = S3TestServers.b().chunk(bad);
        S3TestServers.a().flip(bad, 5);
        S3TestServers.b().flip(bad, 5);
        try {
            long[] received = new long[1];
            content(report.id()).doOnNext(buffer -> {
                        received[0] += buffer.readableByteCount();
                        DataBufferUtils.release(buffer);
                    })
                    .onErrorComplete()
                    .blockLast(Duration.ofSeconds(30));
            assertThat(received[0]).isLessThan(size);

            List<LedgerEntry> entries = downloadEntries(report.id());
            assertThat(entries).extracting(e -> e.attributes().get("outcome")).containsExactly("started", "failed");
            assertThat(Long.parseLong(entries.get(1).attributes().get("bytes"))).isBetween(1L * MIB, 2L * MIB);
        } finally {
            S3TestServers.a().putChunk(bad, goodA);
            S3TestServers.b().putChunk(bad, goodB);
        }
    }
}
