package org.medledger.support.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller can act on, mapped to one RFC 9457 problem in {@link ProblemDetailsAdvice}. The
 * {@code detail} is shown to the caller: it must never hold secrets, codes or another user's data.
 */
public abstract class MedLedgerException extends RuntimeException {

    private static final String TYPE_BASE = "https://medledger.org/problems/";

    private final HttpStatus status;
    private final String problem;

    /**
     * @param status the HTTP status
     * @param problem a stable slug naming the problem type, e.g. {@code slot-taken}
     * @param detail what went wrong, for the caller
     */
    protected MedLedgerException(HttpStatus status, String problem, String detail) {
        super(detail);
        this.status = status;
        this.problem = problem;
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem {@code type} URI, stable per kind of failure so clients can branch on it. */
    public URI type() {
        return URI.create(TYPE_BASE + problem);
    }
}
