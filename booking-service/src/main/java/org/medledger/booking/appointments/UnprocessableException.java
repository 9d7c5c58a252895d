package org.medledger.booking.appointments;

import org.medledger.support.web.MedLedgerException;
import org.springframework.http.HttpStatus;

/** The request is well-formed but cannot be processed as sent: an Idempotency-Key reused for a different request. */
class UnprocessableException extends MedLedgerException {

    UnprocessableException(String problem, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem, detail);
    }
}
