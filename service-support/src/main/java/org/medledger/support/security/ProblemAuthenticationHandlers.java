package org.medledger.support.security;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;

/** 401, 403 and 503 answers from the security filter chain, as problem+json like every other error. */
final class ProblemAuthenticationHandlers {

    private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

    private ProblemAuthenticationHandlers() {
    }

    static ServerAuthenticationEntryPoint unauthorized() {
        return (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medledger\"");
            return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid bearer token is required.");
        };
    }

    /**
     * A bearer token was refused: 401 when the token is bad, but 503 when it could not be checked at all (Spring
     * Security's {@link AuthenticationServiceException}: Keycloak's keys could not be fetched), which is no fault of
     * the caller's. Spring's default handler rethrows that exception, which answered a plain 500.
     */
    static ServerAuthenticationFailureHandler bearerTokenRefused() {
        ServerAuthenticationEntryPoint unauthorized = unauthorized();
        return (webFilterExchange, e) -> {
            if (e instanceof AuthenticationServiceException) {
                log.warn("Bearer token could not be checked, the identity provider is unreachable ({})",
                        e.getCause() != null ? e.getCause().getClass().getName() : e.getClass().getName());
                return write(webFilterExchange.getExchange().getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
                        "identity-provider-unavailable",
                        "Sign-in cannot be checked right now (the identity provider does not answer). Try again shortly.");
            }
            return unauthorized.commence(webFilterExchange.getExchange(), e);
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
