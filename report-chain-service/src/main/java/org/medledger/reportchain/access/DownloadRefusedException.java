package org.medledger.reportchain.access;

import org.medledger.support.web.ForbiddenException;

/** 403: a code or download token was refused; {@link #reason()} is the problem slug (safe for the ledger). */
class DownloadRefusedException extends ForbiddenException {

    private final String reason;

    DownloadRefusedException(String reason, String detail) {
        super(reason, detail);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
