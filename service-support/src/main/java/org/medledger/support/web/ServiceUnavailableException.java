package org.medledger.support.web;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** A dependency or capacity this request needs is not available; the request changed nothing and may be retried. */
public class ServiceUnavailableException extends MedLedgerException {

    private final Duration retryAfter;

    /**
     * @param problem stable problem slug, e.g. {@code storage-unavailable}
     * @param detail what went wrong, safe to show to the caller
     */
    public ServiceUnavailableException(String problem, String detail) {
        this(problem, detail, null);
    }

    /**
     * @param retryAfter sent as {@code Retry-After} (whole seconds) when the service knows when to come back
     */
    public ServiceUnavailableException(String problem, String detail, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem, detail);
        this.retryAfter = retryAfter;
    }

    /** When the caller may try again, if the service can say. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
