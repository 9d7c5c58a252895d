package org.medledger.events.report;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A report was chunked, encrypted, stored in both buckets and entered in the ledger.
 *
 * @param reportId Report id
 * @param appointmentId The completed appointment
 * @param patientId The patient
 * @param doctorId The uploading doctor
 * @param rootHash Hex Merkle root over the chunk hashes: the receipt hash
 * @param size Plaintext size in bytes
 * @param chunkCount Number of chunks
 * @param ledgerEntryId Id of the ledger entry recording the upload
 */
@EventType(value = "org.medledger.report.report-stored.v1", topic = Topics.REPORT)
public record ReportStored(
        String reportId,
        String appointmentId,
        String patientId,
        String doctorId,
        String rootHash,
        long size,
        int chunkCount,
        String ledgerEntryId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return reportId;
    }
}
