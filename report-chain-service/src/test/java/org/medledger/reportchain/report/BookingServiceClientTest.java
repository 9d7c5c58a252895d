package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.TestTokens;
import org.medledger.support.web.MedLedgerException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/** The booking-service client against a real HTTP stand-in, with its time limiter and circuit breaker. */
class BookingServiceClientTest {

    private final FakeBookingService booking = FakeBookingService.instance();
    private final CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .ignoreExceptions(BookingServiceClient.BookingRefusal.class).build());
    private final BookingServiceClient client = new BookingServiceClient(
            WebClient.builder().baseUrl(booking.baseUrl()).build(), breaker,
            TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(2)).build()));
    private final String doctor = "doc-" + UUID.randomUUID();
    private final String token = TestTokens.token(doctor, "doctor");

    @AfterEach
    void reset() {
        booking.reset();
    }

    private String appointment(String status) {
        String id = "appt-" + UUID.randomUUID();
        booking.appointment(id, doctor, "pat-1", status);
        return id;
    }

    private static void problem(Throwable e, Class<? extends MedLedgerException> type, String slug) {
        assertThat(e).isInstanceOf(type);
        assertThat(((MedLedgerException) e).type().toString()).endsWith("/" + slug);
    }

    @Test
    void appointment_known_isReadWithTheRelayedToken() {
        String id = appointment("COMPLETED");

        StepVerifier.create(client.appointment(id, token))
                .assertNext(a -> {
                    assertThat(a.id()).isEqualTo(id);
                    assertThat(a.doctorId()).isEqualTo(doctor);
                    assertThat(a.patientId()).isEqualTo("pat-1");
                    assertThat(a.status()).isEqualTo("COMPLETED");
                })
                .verifyComplete();
        assertThat(booking.lastAuthorization()).isEqualTo("Bearer " + token);
    }

    @Test
    void appointment_notTheCallers_isNotFound() {
        String id = appointment("COMPLETED");

        StepVerifier.create(client.appointment(id, TestTokens.token("someone-else", "doctor")))
                .expectErrorSatisfies(e -> problem(e, NotFoundException.class, "appointment-not-found"))
                .verify();
    }

    @Test
    void appointment_serverError_isServiceUnavailable() {
        booking.failWith(503);

        StepVerifier.create(client.appointment(appointment("COMPLETED"), token))
                .expectErrorSatisfies(e -> problem(e, ServiceUnavailableException.class, "booking-unavailable"))
                .verify();
    }

    @Test
    void appointment_tooSlow_timesOutAsServiceUnavailable() {
        booking.delay(Duration.ofSeconds(6));

        StepVerifier.create(client.appointment(appointment("COMPLETED"), token))
                .expectErrorSatisfies(e -> problem(e, ServiceUnavailableException.class, "booking-unavailable"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void appointment_repeatedFailures_openTheCircuitAndStopCalling() {
        String id = appointment("COMPLETED");
        booking.failWith(500);
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(client.appointment(id, token)).expectError().verify();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        booking.reset();
        int calls = booking.calls();

        StepVerifier.create(client.appointment(id, token))
                .expectErrorSatisfies(e -> problem(e, ServiceUnavailableException.class, "booking-unavailable"))
                .verify();
        assertThat(booking.calls()).isEqualTo(calls);
    }

    @Test
    void appointment_notFoundAnswers_doNotOpenTheCircuit() {
        for (int i = 0; i < 6; i++) {
            StepVerifier.create(client.appointment("appt-missing-" + i, token)).expectError(NotFoundException.class)
                    .verify();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
