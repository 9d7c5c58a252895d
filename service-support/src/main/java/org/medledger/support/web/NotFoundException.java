package org.medledger.support.web;

import org.springframework.http.HttpStatus;

/** Something asked for does not exist, or is not visible to the caller (the two are not told apart, so ids cannot be probed). */
public class NotFoundException extends MedLedgerException {

    /**
     * @param problem stable problem slug, e.g. {@code slot-taken}
     * @param detail what went wrong, safe to show to the caller
     */
    public NotFoundException(String problem, String detail) {
        super(HttpStatus.NOT_FOUND, problem, detail);
    }
}
