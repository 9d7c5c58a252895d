package org.medledger.reportchain.report;

import org.medledger.support.web.MedLedgerException;
import org.springframework.http.HttpStatus;

/**
 * A report cannot be served because what is stored no longer verifies: no copy of a chunk passes, or the
 * manifest does not add up. Answered as 502 {@code report-damaged} when nothing was sent yet; once the response
 * has started, the stream is aborted instead (a client never receives a short body that looks complete). The
 * details went to the log and to the {@code findings} collection; the caller learns only the report id.
 */
public final class ReportDamagedException extends MedLedgerException {

    private static final long serialVersionUID = 1L;

    private final String reportId;
    private final int chunkIndex;

    /**
     * @param chunkIndex the chunk that failed, or -1 for the manifest
     */
    public ReportDamagedException(String reportId, int chunkIndex) {
        super(HttpStatus.BAD_GATEWAY, "report-damaged", "The stored report " + reportId
                + " failed verification and cannot be delivered; the damage was recorded for the auditor.");
        this.reportId = reportId;
        this.chunkIndex = chunkIndex;
    }

    public String reportId() {
        return reportId;
    }

    public int chunkIndex() {
        return chunkIndex;
    }
}
