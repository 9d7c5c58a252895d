package org.medledger.gateway;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.propagation.Propagator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request gets an {@code X-Request-Id}: the caller's, when it is a plausible id, else the trace id of this
 * request, so the id a user quotes finds the log lines of every service (and of the Kafka consumers) the call
 * reached. It is passed to the service and returned on the response with the gateway's W3C {@code traceparent};
 * the {@code traceparent} sent on to the service is added by the gateway's own observation of the proxied call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    static final String HEADER = "X-Request-Id";
    static final String TRACEPARENT = "traceparent";
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private final Propagator propagator;

    RequestIdFilter(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        TraceContext trace = serverTrace(exchange);
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = offered != null && PLAUSIBLE.matcher(offered).matches() ? offered
                : trace != null ? trace.traceId() : UUID.randomUUID().toString();
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, requestId)))
                .build();
        HttpHeaders response = withId.getResponse().getHeaders();
        response.set(HEADER, requestId);
        if (trace != null) {
            propagator.inject(trace, response, (headers, name, value) -> {
                if (TRACEPARENT.equals(name)) {
                    headers.set(name, value);
                }
            });
        }
        return chain.filter(withId);
    }

    /** The span of the server observation WebFlux started for this exchange, before any filter ran. */
    private static TraceContext serverTrace(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingContext>get(TracingContext.class))
                .map(TracingContext::getSpan)
                .map(Span::context)
                .orElse(null);
    }
}
