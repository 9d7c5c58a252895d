package org.medledger.reportchain.audit;

import java.time.Instant;
import java.util.List;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One integrity audit: what it covered, its progress and counts, what it found and repaired, and the ledger
 * verdict. Counters grow while it runs ({@code RUNNING}); {@code COMPLETED} or {@code FAILED} at the end.
 *
 * @param id random UUID
 * @param scope ALL, REPORT or SAMPLE
 * @param reportId the report (scope REPORT)
 * @param fraction the sampled fraction (scope SAMPLE)
 * @param requestedBy Keycloak subject, or {@code system:audit-scheduler}
 * @param status RUNNING, COMPLETED, FAILED
 * @param createdAt when requested
 * @param finishedAt when finished
 * @param durationMs run time
 * @param reportsChecked reports whose manifest was checked
 * @param chunksChecked chunks checked (all copies of each)
 * @param copiesChecked chunk copies read
 * @param damaged copies missing or corrupt
 * @param repaired copies rewritten from the healthy copy and re-verified
 * @param lost chunks without any healthy copy
 * @param unreadable copies that could not be read (store unreachable); not counted as damaged
 * @param problems manifest and ledger-root problems
 * @param findingsResolved open download findings this audit resolved
 * @param ledgerStatus VERIFIED or BROKEN
 * @param ledgerHeight the head height verified (or the last good height when broken)
 * @param ledgerBrokenAt the height at which verification failed, or null
 * @param ledgerProblem why it failed, or null
 * @param ledgerEntryId the AUDIT_RESULT ledger entry
 * @param contentHash the AUDIT_RESULT content hash (SHA-256 of the canonical summary)
 * @param findings the problems found (at most {@code medledger.audit.max-findings})
 * @param error why the audit failed, for status FAILED
 * @param outbox events waiting for the outbox relay
 */
@Document(Audit.COLLECTION)
public record Audit(
        @Id String id,
        String scope,
        String reportId,
        Double fraction,
        String requestedBy,
        String status,
        @Indexed Instant createdAt,
        Instant finishedAt,
        Long durationMs,
        long reportsChecked,
        long chunksChecked,
        long copiesChecked,
        long damaged,
        long repaired,
        long lost,
        long unreadable,
        long problems,
        long findingsResolved,
        String ledgerStatus,
        Long ledgerHeight,
        Long ledgerBrokenAt,
        String ledgerProblem,
        String ledgerEntryId,
        String contentHash,
        List<AuditFinding> findings,
        String error,
        List<OutgoingEvent> outbox) {

    /** The MongoDB collection. */
    public static final String COLLECTION = "audits";
    static final String RUNNING = "RUNNING";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    public Audit {
        findings = findings == null ? List.of() : List.copyOf(findings);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    static Audit started(String id, String scope, String reportId, Double fraction, String requestedBy,
            Instant now) {
        return new Audit(id, scope, reportId, fraction, requestedBy, RUNNING, now, null, null, 0, 0, 0, 0, 0, 0, 0,
                0, 0, null, null, null, null, null, null, List.of(), null, List.of());
    }
}
