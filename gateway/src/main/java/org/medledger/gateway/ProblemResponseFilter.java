package org.medledger.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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

    private static final Map<Integer, Problem> PROBLEMS = Map.of(
            HttpStatus.TOO_MANY_REQUESTS.value(), new Problem("too-many-requests", "Too Many Requests",
                    "Too many requests of this kind from this caller; try again after the time in Retry-After."),
            HttpStatus.PAYLOAD_TOO_LARGE.value(), new Problem("payload-too-large", "Content Too Large",
                    "The request body is larger than this call accepts."));

    private static final Problem HEADERS_TOO_LARGE = new Problem("request-header-fields-too-large",
            "Request Header Fields Too Large", "The request headers are larger than the gateway accepts.");

    private final long maxHeaderBytes;

    ProblemResponseFilter(GatewayProperties properties) {
        this.maxHeaderBytes = properties.maxRequestHeaderSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (headerBytes(exchange.getRequest().getHeaders()) > maxHeaderBytes) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            return write(response, HEADERS_TOO_LARGE, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, HEADERS_TOO_LARGE.detail());
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

    private static Mono<Void> write(ServerHttpResponse response, Problem problem, HttpStatusCode status, String detail) {
        byte[] body = ("{\"type\":\"https://medledger.org/problems/" + problem.slug() + "\",\"title\":\"" + problem.title()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + json(detail) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private record Problem(String slug, String title, String detail) {
    }

    /** Gives a body to a 413 or 429 that a gateway filter completed without one. */
    private static final class ProblemOnEmptyCompletion extends ServerHttpResponseDecorator {

        ProblemOnEmptyCompletion(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> setComplete() {
            HttpStatusCode status = getStatusCode();
            Problem problem = status == null ? null : PROBLEMS.get(status.value());
            if (problem == null || isCommitted()) {
                return super.setComplete();
            }
            getHeaders().remove(REQUEST_SIZE_MESSAGE);
            return write(getDelegate(), problem, status, problem.detail());
        }
    }
}
