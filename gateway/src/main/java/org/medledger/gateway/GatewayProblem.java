package org.medledger.gateway;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * A refusal the gateway answers itself (before any service is called), written as problem+json like every other
 * MedLedger error. Written by hand rather than through Spring's codecs: security filters and response decorators
 * run outside the handler's codec machinery.
 *
 * @param slug the last segment of the problem type ({@code https://medledger.org/problems/<slug>})
 */
record GatewayProblem(HttpStatus status, String slug, String detail) {

    /** Sets the status and writes the problem as the response body. */
    Mono<Void> writeTo(ServerHttpResponse response) {
        byte[] body = ("{\"type\":\"https://medledger.org/problems/" + slug + "\",\"title\":\""
                + json(status.getReasonPhrase()) + "\",\"status\":" + status.value() + ",\"detail\":\"" + json(detail)
                + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
