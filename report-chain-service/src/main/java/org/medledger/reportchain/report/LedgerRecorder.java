package org.medledger.reportchain.report;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Records report events on the tamper-evident ledger (SPEC "Report chain", Ledger). The report services call it;
 * the ledger issue implements it (entries grouped into signed blocks, inclusion proofs). Until then
 * {@link LoggingLedgerRecorder} stands in.
 *
 * <p>To replace it, declare a {@code @Primary} bean of this type (or remove the stand-in's bean). Contract for
 * implementations:
 * <ul>
 *   <li>Each method appends one entry and completes with its id once the entry is durable (it need not be sealed
 *       into a block yet). The id goes into the manifest and into {@code ReportStored.ledgerEntryId}.</li>
 *   <li>{@link #reportStored} is called after every chunk is durable and before the manifest is written; if the
 *       manifest write then fails, the entry names a report that does not exist (the ledger may mark or skip
 *       such entries by checking {@code reports}). A failed call fails the upload, which is cleaned up.</li>
 *   <li>{@link #reportDownloaded} is called when a download starts, after the first chunk verified; a failure
 *       refuses the download (no unrecorded access).</li>
 *   <li>Entries carry ids and hashes only: no names, no file names, no content.</li>
 * </ul>
 */
public interface LedgerRecorder {

    /** A report was stored; completes with the ledger entry id. */
    Mono<String> reportStored(ReportStoredEntry entry);

    /** A user started downloading a report; completes with the ledger entry id. */
    Mono<String> reportDownloaded(ReportDownloadedEntry entry);

    /** The key-encryption key was rotated and data keys were re-wrapped; completes with the ledger entry id. */
    Mono<String> keysRotated(KeysRotatedEntry entry);

    /**
     * @param reportId the report
     * @param appointmentId its appointment
     * @param patientId its patient
     * @param doctorId the uploading doctor
     * @param rootHash hex Merkle root over the chunk hashes
     * @param chainHead hex last hash-chain link
     * @param size plaintext bytes
     * @param chunkCount number of chunks
     * @param at when the chunks became durable
     */
    record ReportStoredEntry(String reportId, String appointmentId, String patientId, String doctorId,
            String rootHash, String chainHead, long size, int chunkCount, Instant at) {
    }

    /**
     * @param reportId the report
     * @param userId who downloads
     * @param patientId the report's patient
     * @param rootHash the root the download is verified against
     * @param at when the download started
     */
    record ReportDownloadedEntry(String reportId, String userId, String patientId, String rootHash, Instant at) {
    }

    /**
     * @param kekVersion the new current KEK version
     * @param rewrapped data keys moved to it
     * @param failed data keys that could not be re-wrapped (still under their old version)
     * @param userId the admin who rotated
     * @param at when the rotation finished
     */
    record KeysRotatedEntry(String kekVersion, long rewrapped, long failed, String userId, Instant at) {
    }
}
