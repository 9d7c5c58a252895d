package org.medledger.support.events;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries a request's trace across the outbox. The relay publishes from a background loop, long after the request
 * that wrote the event has finished, so the W3C {@code traceparent} is captured when the event is prepared (stored
 * with the outbox record) and made current again while the relay sends it; Spring Kafka's observation then writes it
 * into the record's headers and the consumer's observation picks it up. Only trace and span ids travel, never data.
 */
public class OutboxTracing {

    static final String TRACEPARENT = "traceparent";

    /** For services without a tracer: nothing captured, nothing restored. */
    public static final OutboxTracing NONE = new OutboxTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    public OutboxTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or null outside a trace. */
    public String currentTraceparent() {
        if (tracer == null || propagator == null) {
            return null;
        }
        Span current = tracer.currentSpan();
        if (current == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(current.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Runs {@code send} in a relay span that continues {@code traceparent}'s trace, or as is when there is none. */
    public <T> T continuing(String traceparent, Supplier<T> send) {
        if (tracer == null || propagator == null || traceparent == null) {
            return send.get();
        }
        Span relay = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
                .name("outbox relay")
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(relay)) {
            return send.get();
        } catch (RuntimeException e) {
            relay.error(e);
            throw e;
        } finally {
            relay.end();
        }
    }
}
