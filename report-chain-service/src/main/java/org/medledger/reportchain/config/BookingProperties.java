package org.medledger.reportchain.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How report-chain-service asks booking-service about an appointment before an upload.
 *
 * @param baseUrl booking-service's base URL
 * @param timeout upper bound on one call (resilience4j time limiter)
 * @param circuitBreaker when to stop calling a failing booking-service for a while
 */
@ConfigurationProperties("medledger.booking")
public record BookingProperties(
        @DefaultValue("http://localhost:8082") URI baseUrl,
        @DefaultValue("3s") Duration timeout,
        @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * @param failureRateThreshold percentage of failed calls (5xx, timeouts, connection errors; not 4xx) that
     *     opens the circuit
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate is evaluated
     * @param waitInOpenState how long the circuit stays open before letting trial calls through
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("10s") Duration waitInOpenState) {
    }
}
