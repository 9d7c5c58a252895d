package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** The request is well-formed but its content is not acceptable. */
public class InvalidRequestException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public InvalidRequestException(String problem, String detail) {
        super(HttpStatus.BAD_REQUEST, problem, detail);
    }
}
