package org.medledger.reportchain.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.medledger.reportchain.report.Report;

/** The answer to an upload. */
@Schema(description = "A stored report")
record UploadResult(
        @Schema(description = "Report id") String id,
        @Schema(description = "Hex Merkle root over the chunk hashes") String rootHash,
        @Schema(description = "Hex head of the chunk hash chain") String chainHead,
        @Schema(description = "Size in bytes") long size,
        @Schema(description = "Number of encrypted chunks") int chunkCount,
        @Schema(description = "Ledger entry recording the upload") String ledgerEntryId) {

    static UploadResult of(Report r) {
        return new UploadResult(r.id(), r.rootHash(), r.chainHead(), r.size(), r.chunkCount(), r.ledgerEntryId());
    }
}
