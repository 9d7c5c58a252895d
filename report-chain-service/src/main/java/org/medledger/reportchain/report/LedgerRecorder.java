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
 *   <li>{@link #reportDownloaded} is called twice per download: when it starts ({@link DownloadOutcome#STARTED},
 *       after the first chunk verified, before any byte is sent; a failure refuses the download, so no access goes
 *       unrecorded), and when the stream ends ({@code COMPLETED}, {@code ABORTED} or {@code FAILED}, with the bytes
 *       served).</li>
 *   <li>Entries carry ids and hashes only: no names, no file names, no content.</li>
 * </ul>
 */
public interface LedgerRecorder {

    /** A report was stored; completes with the ledger entry id. */
    Mono<String> reportStored(ReportStoredEntry entry);

    /** A user started, finished or broke off downloading a report; completes with the ledger entry id. */
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
     * @param plaintextCommitment salted commitment to the file as uploaded (what a receipt holder can recompute
     *     with the file and the receipt's salt)
     * @param size plaintext bytes
     * @param chunkCount number of chunks
     * @param at when the chunks became durable
     */
    record ReportStoredEntry(String reportId, String appointmentId, String patientId, String doctorId,
            String rootHash, String chainHead, String plaintextCommitment, long size, int chunkCount, Instant at) {
    }

    /**
     * @param reportId the report
     * @param userId who downloads
     * @param patientId the report's patient
     * @param rootHash the root the download is verified against
     * @param at when the download started or ended
     * @param outcome which step of the download this is
     * @param bytesServed plaintext bytes handed to the connection so far (0 when it starts)
     * @param size the report's plaintext size, so a reader sees whether the download was whole
     */
    record ReportDownloadedEntry(String reportId, String userId, String patientId, String rootHash, Instant at,
            DownloadOutcome outcome, long bytesServed, long size) {

        /** A download starting: verified up to its first chunk, nothing served yet. */
        public ReportDownloadedEntry(String reportId, String userId, String patientId, String rootHash, Instant at) {
            this(reportId, userId, patientId, rootHash, at, DownloadOutcome.STARTED, 0, -1);
        }
    }

    /** The steps of a download on the ledger. */
    enum DownloadOutcome {
        /** The token was spent and the first chunk verified; no byte sent yet. */
        STARTED,
        /** Every byte was served. */
        COMPLETED,
        /** The client went away before the end. */
        ABORTED,
        /** The service broke the stream off: a chunk failed verification or storage failed. */
        FAILED
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
