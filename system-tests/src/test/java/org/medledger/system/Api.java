package org.medledger.system;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A signed-in caller of the public API, through the gateway with a bearer token, as a mobile app would call it. */
final class Api {

    private final RunningSystem system;
    private final String token;

    Api(RunningSystem system, String token) {
        this.system = system;
        this.token = token;
    }

    static Api as(RunningSystem system, String username) {
        return new Api(system, system.token(username, RunningSystem.DEMO_PASSWORD));
    }

    HttpResponse<String> get(String path) {
        return system.get(path, token);
    }

    HttpResponse<byte[]> getBytes(String path, String headerName, String headerValue) {
        HttpRequest.Builder request = authorized(path).GET();
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        try {
            return HttpClientHolder.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String json) {
        return system.send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)).build());
    }

    /** multipart/form-data with the given text fields and one file part named {@code file}. */
    HttpResponse<String> upload(String path, String appointmentId, String fileName, String contentType, byte[] content) {
        String boundary = "medledger-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"appointmentId\"\r\n\r\n"
                + appointmentId + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return system.send(authorized(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    static JsonNode json(HttpResponse<String> response) {
        return RunningSystem.json(response.body());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(system.gateway().resolve(path)).header("Authorization", "Bearer " + token);
    }

    private static final class HttpClientHolder {
        static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();
    }
}
