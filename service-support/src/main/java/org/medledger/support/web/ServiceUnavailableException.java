package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** A dependency this request needs is down; the request changed nothing and may be retried. */
public class ServiceUnavailableException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public ServiceUnavailableException(String problem, String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem, detail);
    }
}
