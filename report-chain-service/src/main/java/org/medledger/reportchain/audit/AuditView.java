package org.medledger.reportchain.audit;

import java.time.Instant;
import java.util.List;

/** An audit as the API shows it: progress, counts, ledger verdict and (for one audit) its findings. */
record AuditView(String id, String scope, String reportId, Double fraction, String requestedBy, String status,
        Instant createdAt, Instant finishedAt, Long durationMs, long reportsChecked, long chunksChecked,
        long copiesChecked, long damaged, long repaired, long lost, long unreadable, long problems,
        long findingsResolved, String ledgerStatus, Long ledgerHeight, Long ledgerBrokenAt, String ledgerProblem,
        String ledgerEntryId, String contentHash, List<AuditFinding> findings, List<AuditFinding> repairs,
        String error) {

    static AuditView of(Audit a, boolean withFindings) {
        List<AuditFinding> findings = withFindings ? a.findings() : null;
        List<AuditFinding> repairs = withFindings
                ? a.findings().stream().filter(f -> AuditFinding.REPAIRED.equals(f.action())).toList() : null;
        return new AuditView(a.id(), a.scope(), a.reportId(), a.fraction(), a.requestedBy(), a.status(),
                a.createdAt(), a.finishedAt(), a.durationMs(), a.reportsChecked(), a.chunksChecked(),
                a.copiesChecked(), a.damaged(), a.repaired(), a.lost(), a.unreadable(), a.problems(),
                a.findingsResolved(), a.ledgerStatus(), a.ledgerHeight(), a.ledgerBrokenAt(), a.ledgerProblem(),
                a.ledgerEntryId(), a.contentHash(), findings, repairs, a.error());
    }

    /** The answer to starting an audit. */
    record Started(String id, String status) {
    }

    /** One page of audits. */
    record Page(List<AuditView> items, int page, int size, long total) {
    }
}
