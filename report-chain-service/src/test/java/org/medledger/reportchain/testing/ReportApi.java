package org.medledger.reportchain.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/** The report API as tests call it, over real HTTP with {@link TestTokens}. */
public final class ReportApi {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final WebTestClient client;

    public ReportApi(WebTestClient client) {
        this.client = client.mutate().responseTimeout(Duration.ofMinutes(3))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
                .build();
    }

    public WebTestClient client() {
        return client;
    }

    /** Uploads {@code data} as {@code fileName}; appointmentId first, then the file. */
    public WebTestClient.ResponseSpec upload(String token, String appointmentId, String fileName, byte[] data) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("appointmentId", appointmentId);
        body.part("file", new ByteArrayResource(data) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }).contentType(MediaType.APPLICATION_PDF);
        return client.post().uri("/api/reports")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchange();
    }

    /** Uploads a generated stream as {@code fileName}, never holding it whole. */
    public WebTestClient.ResponseSpec uploadStream(String token, String appointmentId, String fileName,
            Flux<DataBuffer> data) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("appointmentId", appointmentId);
        body.asyncPart("file", data, DataBuffer.class).filename(fileName)
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return client.post().uri("/api/reports")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchange();
    }

    /** Uploads {@code data} as the raw request body (application/octet-stream). */
    public WebTestClient.ResponseSpec uploadRaw(String token, String appointmentId, String fileName, String type,
            byte[] data) {
        return client.post().uri(b -> b.path("/api/reports").queryParam("appointmentId", appointmentId).build())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName, StandardCharsets.UTF_8).build().toString())
                .header("X-Report-Content-Type", type)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(data)
                .exchange();
    }

    /** Uploads and expects 201; returns the answer's JSON. */
    public Map<String, Object> uploaded(String token, String appointmentId, String fileName, byte[] data) {
        EntityExchangeResult<Map<String, Object>> result = upload(token, appointmentId, fileName, data)
                .expectStatus().isCreated()
                .expectBody(JSON).returnResult();
        return result.getResponseBody();
    }

    public WebTestClient.ResponseSpec get(String token, String path) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    /** GET expecting 200 JSON. */
    public Map<String, Object> json(String token, String path) {
        return get(token, path).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    /** Downloads a report's content, expecting 200; returns the bytes. */
    public byte[] download(String token, String reportId) {
        return get(token, "/api/reports/" + reportId + "/content").expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
    }
}
