package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The streaming bound: a 256 MiB file generated on the fly goes up and comes back through real HTTP while the
 * service holds only a handful of chunks. The test JVM runs with a 512 MiB heap (see the pom), in which the
 * service, S3Proxy, Kafka and the client would not fit a file held whole on both sides. Plain WebClient, not
 * WebTestClient: the latter records bodies for its assertions.
 */
@ReportChainIntegrationTest
class StreamingMemoryIntegrationTest {

    private static final long MIB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    ChunkMemory memory;

    @Autowired
    ReportProperties properties;

    @Autowired
    DownloadTokens downloadTokens;

    @Test
    void upload256MiB_generatedOnTheFly_holdsAFewChunksAndDownloadsBitIdentical() {
        long size = 256 * MIB;
        long seed = 256;
        String doctor = "doc-" + UUID.randomUUID();
        String patient = "pat-" + UUID.randomUUID();
        String appt = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().reset();
        FakeBookingService.instance().appointment(appt, doctor, patient, "COMPLETED");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("appointmentId", appt);
        body.asyncPart("file", TestData.stream(seed, size), DataBuffer.class).filename("big.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        memory.resetHighWater();

        Map<String, Object> stored = client.post().uri("/api/reports")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build()))
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .block(Duration.ofMinutes(5));

        assertThat(stored).containsEntry("chunkCount", 256);
        long chunk = properties.chunkBytes() + 16L;
        // filling + held back + queued for sealing + being sealed + an object being written and the next one filling,
        // with one chunk of slack
        long bound = (2L * properties.chunksPerObject() + 5) * chunk;
        assertThat(memory.highWaterBytes()).isLessThanOrEqualTo(bound);
        assertThat(memory.inUseBytes()).isZero();

        MessageDigest digest = Sha256.newDigest();
        AtomicLong received = new AtomicLong();
        client.get().uri("/api/reports/{id}/content", stored.get("id"))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(patient, "patient"))
                .header(TokenDownloadGate.HEADER,
                        downloadTokens.mint(patient, (String) stored.get("id")).block().token())
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .doOnNext(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    digest.update(bytes);
                    received.addAndGet(bytes.length);
                })
                .blockLast(Duration.ofMinutes(5));

        assertThat(received.get()).isEqualTo(size);
        assertThat(digest.digest()).isEqualTo(TestData.sha256(seed, size));
    }
}
