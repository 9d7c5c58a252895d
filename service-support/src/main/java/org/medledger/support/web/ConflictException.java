package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** The request conflicts with the current state: a taken slot, an illegal transition, a duplicate e-mail. */
public class ConflictException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public ConflictException(String problem, String detail) {
        super(HttpStatus.CONFLICT, problem, detail);
    }
}
