package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** The caller is known but may not do this. */
public class ForbiddenException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public ForbiddenException(String problem, String detail) {
        super(HttpStatus.FORBIDDEN, problem, detail);
    }
}
