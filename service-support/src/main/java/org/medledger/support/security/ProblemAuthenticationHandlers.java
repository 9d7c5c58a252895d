package org.medledger.support.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;

/** 401 and 403 answers from the security filter chain, as problem+json like every other error. */
final class ProblemAuthenticationHandlers {

    private ProblemAuthenticationHandlers() {
    }

    static ServerAuthenticationEntryPoint unauthorized() {
        return (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medledger\"");
            return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid bearer token is required.");
        };
    }

    static ServerAccessDeniedHandler forbidden() {
        return (exchange, e) -> write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden",
                "Your roles do not allow this action.");
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String problem, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"https://medledger.org/problems/" + problem + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
