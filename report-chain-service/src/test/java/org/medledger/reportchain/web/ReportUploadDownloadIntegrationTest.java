package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ReportChainIntegrationTest
class ReportUploadDownloadIntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Autowired
    WebTestClient webTestClient;

    @LocalServerPort
    int port;

    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    ReportProperties properties;

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

    private String completedAppointment() {
        String id = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(id, doctor, patient, "COMPLETED");
        return id;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, MIB - 1, MIB, MIB + 1, 4 * MIB, 4 * MIB + 1, 8 * MIB - 1, 20 * MIB + 123})
    void upload_thenDownload_isBitIdentical(int size) {
        byte[] file = TestData.bytes(size, size);
        String appointment = completedAppointment();

        Map<String, Object> stored = api.uploaded(doctorToken, appointment, "scan.pdf", file);

        int expectedChunks = (size + MIB - 1) / MIB;
        assertThat(stored.get("chunkCount")).isEqualTo(expectedChunks);
        assertThat(((Number) stored.get("size")).longValue()).isEqualTo(size);
        assertThat((String) stored.get("rootHash")).hasSize(64);
        String id = (String) stored.get("id");
        // the chunks fill objects of chunks-per-object in order; the last object holds what is left
        Report report = mongo.findById(id, Report.class).block();
        assertThat(report.chunks().stream().map(chunk -> chunk.locations().get(0).key()).distinct())
                .hasSize(Math.ceilDiv(expectedChunks, properties.chunksPerObject()));
        assertThat(api.download(patientToken, id)).isEqualTo(file);
        assertThat(api.download(doctorToken, id)).isEqualTo(file);
    }

    @Test
    void upload_storesEachChunkSealedInBothBuckets_inOneObjectWithAnOpaqueKey() {
        byte[] file = TestData.bytes(7, 2 * MIB + 10);
        String id = (String) api.uploaded(doctorToken, completedAppointment(), "Jane Doe – MRI.pdf", file).get("id");

        Report report = mongo.findById(id, Report.class).block();
        assertThat(report.chunks()).hasSize(3);
        for (var chunk : report.chunks()) {
            assertThat(chunk.locations()).extracting(l -> l.store()).containsExactly("a", "b");
            String key = chunk.locations().get(0).key();
            assertThat(key).matches("c/[0-9a-f]{32}").doesNotContain(patient).doesNotContain(doctor);
            // the three chunks lie back to back in one object, the same in both buckets
            assertThat(chunk.locations()).extracting(l -> l.key()).containsOnly(report.chunks().get(0)
                    .locations().get(0).key());
            assertThat(chunk.locations()).extracting(l -> l.offset()).containsOnly(chunk.index() * (MIB + 16L));
            byte[] inA = S3TestServers.a().chunk(chunk);
            byte[] inB = S3TestServers.b().chunk(chunk);
            assertThat(inA).isEqualTo(inB).hasSize(chunk.size() + 16);
            int offset = chunk.index() * MIB;
            byte[] plaintext = Arrays.copyOfRange(file, offset, offset + chunk.size());
            assertThat(Arrays.copyOf(inA, chunk.size())).isNotEqualTo(plaintext);
            assertThat(indexOf(inA, Arrays.copyOfRange(plaintext, 0, 64))).isEqualTo(-1);
        }
    }

    @Test
    void download_manifestFromBeforeObjectsHeldSeveralChunks_readsEachCopyFromOffsetZero() {
        // such manifests name one object per chunk and no offsets
        byte[] file = TestData.bytes(8, 1000);
        String id = (String) api.uploaded(doctorToken, completedAppointment(), "old.bin", file).get("id");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update()
                .unset("chunks.0.locations.0.offset").unset("chunks.0.locations.1.offset"), Report.class).block();
        assertThat(mongo.findById(id, Document.class, "reports").block().getList("chunks", Document.class).getFirst()
                .getList("locations", Document.class)).noneMatch(location -> location.containsKey("offset"));

        assertThat(mongo.findById(id, Report.class).block().chunks().getFirst().locations())
                .extracting(l -> l.offset()).containsOnly(0L);
        assertThat(api.download(patientToken, id)).isEqualTo(file);
    }

    @Test
    void download_setsLengthNameAndSafetyHeaders() {
        byte[] file = TestData.bytes(3, 5000);
        String id = (String) api.uploaded(doctorToken, completedAppointment(), "../../etc/Befund März.pdf", file)
                .get("id");

        api.get(patientToken, "/api/reports/" + id + "/content")
                .expectStatus().isOk()
                .expectHeader().contentLength(5000)
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, disposition -> assertThat(disposition)
                        .startsWith("attachment").contains("filename*=UTF-8''Befund%20M%C3%A4rz.pdf")
                        .doesNotContain(".."));
    }

    @Test
    void uploadRaw_thenDownload_isBitIdenticalWithNameAndType() {
        byte[] file = TestData.bytes(9, 2 * MIB + 17);
        String appointment = completedAppointment();

        String id = (String) api.uploadRaw(doctorToken, appointment, "Röntgen.png", "image/png", file)
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");

        assertThat(api.download(patientToken, id)).isEqualTo(file);
        Map<String, Object> metadata = api.json(patientToken, "/api/reports/" + id);
        assertThat(metadata).containsEntry("fileName", "Röntgen.png").containsEntry("contentType", "image/png")
                .containsEntry("chunkCount", 3);
    }

    @Test
    void uploadRaw_byAnotherDoctor_isRefusedBeforeTheBodyIsRead() {
        String appointment = completedAppointment();

        api.uploadRaw(TestTokens.token("doc-" + UUID.randomUUID(), "doctor"), appointment, "x.pdf",
                        "application/pdf", new byte[] {1, 2, 3})
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/appointment-not-found");
    }

    @Test
    void upload_declaredLengthOverTheMaximum_isRefusedWith413BeforeReading() throws Exception {
        // A raw socket: HTTP clients will not declare a length they do not send.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String request = "POST /api/reports?appointmentId=" + completedAppointment() + " HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Authorization: Bearer " + doctorToken + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (2L * 1024 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[16]);
            socket.getOutputStream().flush();
            String answer = readResponse(socket);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("https://medledger.org/problems/upload-too-large");
        }
    }

    @Test
    void upload_relaysTheDoctorsBearerTokenToBookingService() {
        api.uploaded(doctorToken, completedAppointment(), "a.pdf", new byte[] {1, 2, 3});

        assertThat(FakeBookingService.instance().lastAuthorization()).isEqualTo("Bearer " + doctorToken);
    }

    @Test
    void metadataAndReceipt_showCommitmentsButNoKeyMaterial() {
        byte[] file = TestData.bytes(11, 3 * MIB);
        Map<String, Object> stored = api.uploaded(doctorToken, completedAppointment(), "r.pdf", file);
        String id = (String) stored.get("id");

        Map<String, Object> metadata = api.json(patientToken, "/api/reports/" + id);
        assertThat(metadata).containsEntry("id", id).containsEntry("fileName", "r.pdf")
                .containsEntry("patientId", patient).containsEntry("doctorId", doctor)
                .containsEntry("rootHash", stored.get("rootHash"))
                .doesNotContainKeys("key", "chunks", "wrappedKey", "outbox");

        Map<String, Object> receipt = api.json(doctorToken, "/api/reports/" + id + "/receipt");
        assertThat(receipt).containsEntry("reportId", id).containsEntry("rootHash", stored.get("rootHash"))
                .containsEntry("chainHead", stored.get("chainHead")).containsEntry("chunkCount", 3);
        assertThat((List<?>) receipt.get("chunkHashes")).hasSize(3);
        assertThat(receipt.toString()).doesNotContain("c/").doesNotContain("local:v");
    }

    /** Reads one HTTP response with a Content-Length body (the connection may stay open). */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
