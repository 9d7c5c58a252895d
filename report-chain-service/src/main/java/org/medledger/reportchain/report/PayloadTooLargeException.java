package org.medledger.reportchain.report;

import org.medledger.support.web.MedLedgerException;
import org.springframework.http.HttpStatus;

/** The upload is larger than the configured maximum: 413 {@code upload-too-large}. */
public final class PayloadTooLargeException extends MedLedgerException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(long maxSize) {
        super(HttpStatus.PAYLOAD_TOO_LARGE, "upload-too-large",
                "The file exceeds the maximum report size of " + maxSize + " bytes; nothing was stored.");
    }
}
