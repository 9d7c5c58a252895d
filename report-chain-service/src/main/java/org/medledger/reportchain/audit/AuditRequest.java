package org.medledger.reportchain.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import org.medledger.events.audit.AuditCompleted;

/**
 * A request to start an audit.
 *
 * @param scope ALL reports, one REPORT, or a random SAMPLE of chunks
 * @param reportId the report, for scope REPORT
 * @param fraction the fraction of chunks to check, for scope SAMPLE (0 < fraction <= 1)
 */
@Schema(description = "What to audit")
public record AuditRequest(
        @Schema(description = "ALL, REPORT or SAMPLE") AuditCompleted.Scope scope,
        @Schema(description = "Report id (scope REPORT)") String reportId,
        @Schema(description = "Fraction of chunks, 0 < f <= 1 (scope SAMPLE)") Double fraction) {
}
