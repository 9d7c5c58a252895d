package org.medledger.reportchain.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.medledger.reportchain.ledger.LedgerReceipt;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportChunk;

/**
 * What anyone needs to check offline that a report they hold is the one stored: its commitments and how they are
 * computed, and the ledger receipt proving that the upload was recorded ({@code null} until the upload's entry is sealed
 * into a block, about a second, and for a report stored before the ledger recorded uploads).
 */
@Schema(description = "A report's receipt: the chunk hashes, the hash-chain head and the Merkle root")
record ReceiptView(
        @Schema(description = "Report id") String reportId,
        @Schema(description = "Hex RFC 6962 Merkle root; leaves are the chunk hashes") String rootHash,
        @Schema(description = "Hex head of the hash chain") String chainHead,
        @Schema(description = "Hex SHA-256 of each stored (sealed) chunk, in order") List<String> chunkHashes,
        @Schema(description = "Plaintext size in bytes") long size,
        @Schema(description = "Number of chunks") int chunkCount,
        @Schema(description = "Plaintext bytes per chunk (the last may be shorter)") int chunkSize,
        @Schema(description = "Hex salt of the ledger entry's plaintextCommitment to the file (see algorithms)")
                String plaintextSalt,
        @Schema(description = "Ledger entry recording the upload") String ledgerEntryId,
        @Schema(description = "When it was stored") Instant storedAt,
        @Schema(description = "How the commitments are computed") Algorithms algorithms,
        @Schema(description = "The signed ledger receipt of the upload's entry: the entry (with the file's SHA-256), "
                + "its inclusion proof and the signed tree head; null until the entry is sealed into a block") LedgerReceipt ledger) {

    /** The recipe, spelled out so a verifier needs no other document. */
    record Algorithms(String chunkHash, String chain, String merkle, String sealing, String plaintextCommitment) {

        static final Algorithms V1 = new Algorithms(
                "SHA-256 of the stored chunk: AES-256-GCM ciphertext || 16-byte tag",
                "genesis = SHA-256(\"medledger-chain-v1\" || report id as 16 bytes); "
                        + "link_i = SHA-256(link_{i-1} || hash_i || i as 8-byte big-endian); chainHead = last link",
                "RFC 6962: leaf = SHA-256(0x00 || hash_i), node = SHA-256(0x01 || left || right)",
                "AES-256-GCM, one random data key per report; nonce = 0x00000000 || i; "
                        + "associated data = 0x01 || report id || i || final flag",
                "SHA-256(\"medledger-plaintext-v1\" || salt || SHA-256(file)), salt = plaintextSalt (32 bytes)");
    }

    static ReceiptView of(Report r, LedgerReceipt ledger) {
        return new ReceiptView(r.id(), r.rootHash(), r.chainHead(), r.chunks().stream().map(ReportChunk::hash).toList(),
                r.size(), r.chunkCount(), r.chunkSize(), r.plaintextSalt(), r.ledgerEntryId(), r.createdAt(), Algorithms.V1, ledger);
    }
}
