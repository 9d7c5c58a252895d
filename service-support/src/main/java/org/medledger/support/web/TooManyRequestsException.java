package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** The caller has exceeded a limit (one-time codes per hour, attempts). */
public class TooManyRequestsException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public TooManyRequestsException(String problem, String detail) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem, detail);
    }
}
