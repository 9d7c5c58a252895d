package org.medledger.reportchain.report;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.concurrent.TimeoutException;
import org.medledger.support.web.ForbiddenException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * booking-service, as report-chain-service calls it: one synchronous question before an upload ("which
 * appointment is this, whose, and in what state?"), asked with the caller's own bearer token so booking-service
 * applies its own ownership rules (it answers 404 for an appointment that is not the caller's).
 *
 * <p>Resilience: a time limiter bounds each call, and a circuit breaker stops calling a failing booking-service
 * for a while; only server errors, timeouts and connection failures count as failures, not 4xx answers. A failure
 * never falls back to "allowed": the upload is refused with 503 {@code booking-unavailable}.
 */
public class BookingServiceClient {

    private static final Logger log = LoggerFactory.getLogger(BookingServiceClient.class);

    private final WebClient webClient;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;

    /**
     * @param webClient a client whose base URL is booking-service's
     * @param circuitBreaker should ignore {@link BookingRefusal}
     */
    public BookingServiceClient(WebClient webClient, CircuitBreaker circuitBreaker, TimeLimiter timeLimiter) {
        this.webClient = webClient;
        this.circuitBreaker = circuitBreaker;
        this.timeLimiter = timeLimiter;
    }

    /**
     * The appointment as the caller sees it.
     *
     * @param bearerToken the caller's access token, relayed
     * @return the appointment; errors: 404 {@code appointment-not-found}, 403 {@code appointment-forbidden}, 503
     *     {@code booking-unavailable}
     */
    public Mono<Appointment> appointment(String appointmentId, String bearerToken) {
        return webClient.get()
                .uri("/api/bookings/appointments/{id}", appointmentId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(Appointment.class)
                .onErrorMap(WebClientResponseException.class, this::refusalOrFailure)
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .switchIfEmpty(Mono.error(() -> new BookingFailure("empty answer")))
                .onErrorMap(e -> !(e instanceof BookingRefusal), this::unavailable)
                .onErrorMap(BookingRefusal.class, BookingRefusal::problem);
    }

    private RuntimeException refusalOrFailure(WebClientResponseException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == HttpStatus.NOT_FOUND) {
            return new BookingRefusal(new NotFoundException("appointment-not-found",
                    "No such appointment of yours in booking-service."));
        }
        if (status == HttpStatus.FORBIDDEN || status == HttpStatus.UNAUTHORIZED) {
            return new BookingRefusal(new ForbiddenException("appointment-forbidden",
                    "booking-service does not let you see this appointment."));
        }
        if (e.getStatusCode().is4xxClientError()) {
            return new BookingRefusal(new NotFoundException("appointment-not-found",
                    "booking-service cannot answer for this appointment id."));
        }
        return new BookingFailure("HTTP " + e.getStatusCode().value());
    }

    private RuntimeException unavailable(Throwable e) {
        String reason = e instanceof CallNotPermittedException ? "circuit open"
                : e instanceof TimeoutException ? "timed out"
                : e.getClass().getSimpleName() + (e instanceof BookingFailure ? ": " + e.getMessage() : "");
        log.warn("booking-service check failed ({})", reason);
        return new ServiceUnavailableException("booking-unavailable",
                "booking-service could not confirm the appointment; nothing was stored. Try again shortly.");
    }

    /** booking-service answered, and the answer is no: not a failure of booking-service. */
    public static final class BookingRefusal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final RuntimeException problem;

        BookingRefusal(RuntimeException problem) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
        }

        RuntimeException problem() {
            return problem;
        }
    }

    /** booking-service failed to answer properly. */
    static final class BookingFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BookingFailure(String message) {
            super(message, null, false, false);
        }
    }
}
