package org.medledger.events.audit;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * An integrity audit finished; its summary is also on the ledger.
 *
 * @param auditId Audit id
 * @param scope What was audited
 * @param chunksChecked Chunk copies checked
 * @param damaged Copies found damaged or missing
 * @param repaired Copies repaired from the healthy bucket
 * @param lost Chunks with no healthy copy
 * @param ledgerStatus Whether the ledger verified
 * @param ledgerHeight Ledger head height the audit checked
 * @param ledgerEntryId Ledger entry of the audit result
 */
@EventType(value = "org.medledger.audit.audit-completed.v1", topic = Topics.AUDIT)
public record AuditCompleted(
        String auditId,
        Scope scope,
        long chunksChecked,
        long damaged,
        long repaired,
        long lost,
        LedgerStatus ledgerStatus,
        long ledgerHeight,
        String ledgerEntryId) implements DomainEvent {

    /** What was audited. */
    public enum Scope { ALL, REPORT, SAMPLE }

    /** Whether the ledger verified. */
    public enum LedgerStatus { VERIFIED, BROKEN }

    @Override
    public String aggregateId() {
        return auditId;
    }
}
