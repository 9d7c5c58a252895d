package org.medledger.gateway;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's own refusals as problem+json, like every other MedLedger error. Spring Cloud Gateway's
 * {@code RequestRateLimiter} and {@code RequestSize} filters end the exchange with a bare 429 / 413; this filter
 * gives those a body. Oversized request headers are refused here with a 431 problem, below the server's own
 * (higher) header limit, whose bare 431 then only meets grossly oversized requests.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemResponseFilter implements WebFilter {

    /** Where {@code RequestSize} explains itself, in decimal units that read as "65.5 kB is over 65.5 kB": dropped. */
    private static final String REQUEST_SIZE_MESSAGE = "errorMessage";

    private static final Map<Integer, GatewayProblem> PROBLEMS = Map.of(
            HttpStatus.TOO_MANY_REQUESTS.value(), new GatewayProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                    "Too many requests of this kind from this caller; try again after the time in Retry-After."),
            HttpStatus.CONTENT_TOO_LARGE.value(), new GatewayProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "The request body is larger than this call accepts."));

    private static final GatewayProblem HEADERS_TOO_LARGE = new GatewayProblem(
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-header-fields-too-large",
            "The request headers are larger than the gateway accepts.");

    private final long maxHeaderBytes;

    ProblemResponseFilter(GatewayProperties properties) {
        this.maxHeaderBytes = properties.maxRequestHeaderSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (headerBytes(exchange.getRequest().getHeaders()) > maxHeaderBytes) {
            return HEADERS_TOO_LARGE.writeTo(exchange.getResponse());
        }
        return chain.filter(exchange.mutate().response(new ProblemOnEmptyCompletion(exchange.getResponse())).build());
    }

    /** As the bytes on the wire: {@code name: value} and CRLF per value. */
    private static long headerBytes(HttpHeaders headers) {
        long bytes = 0;
        for (Entry<String, List<String>> header : headers.headerSet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4;
            }
        }
        return bytes;
    }

    /** Gives a body to a 413 or 429 that a gateway filter completed without one. */
    private static final class ProblemOnEmptyCompletion extends ServerHttpResponseDecorator {

        ProblemOnEmptyCompletion(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> setComplete() {
            HttpStatusCode status = getStatusCode();
            GatewayProblem problem = status == null ? null : PROBLEMS.get(status.value());
            if (problem == null || isCommitted()) {
                return super.setComplete();
            }
            getHeaders().remove(REQUEST_SIZE_MESSAGE);
            return problem.writeTo(getDelegate());
        }
    }
}
