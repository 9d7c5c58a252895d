package org.medledger.reportchain.audit;

/**
 * One problem an audit found and what it did about it.
 *
 * @param reportId the report
 * @param chunkIndex the chunk, -1 for the report's manifest or ledger entry
 * @param store the store of the copy ({@code a}, {@code b}), {@code manifest} or {@code ledger}
 * @param kind MISSING, CORRUPT, UNREADABLE, MANIFEST, LEDGER_ROOT
 * @param reason what was wrong (hashes, sizes, indexes only)
 * @param action REPAIRED, REPAIR_FAILED, LOST, NOT_REPAIRED (no trusted manifest or copy unreadable), REPORTED
 */
public record AuditFinding(String reportId, int chunkIndex, String store, String kind, String reason,
        String action) {

    static final String REPAIRED = "REPAIRED";
    static final String REPAIR_FAILED = "REPAIR_FAILED";
    static final String LOST = "LOST";
    static final String NOT_REPAIRED = "NOT_REPAIRED";
    static final String REPORTED = "REPORTED";
}
