package org.medledger.reportchain.ledger;

import java.time.Instant;

/**
 * A block header with its hash and signature: the ledger's signed tree head at {@code treeSize} entries.
 * Hashes, the key id and the signature are lowercase hex. The bytes that are hashed and signed are
 * {@link LedgerEncoding#header(SignedHeader)} (161 bytes, documented there); {@code blockHash} and
 * {@code signature} are not part of them.
 *
 * @param version header format, 1
 * @param height 0 for the first block, then +1 per block
 * @param previousHash {@code blockHash} of the block at {@code height - 1}; 64 zeros for height 0
 * @param entryCount entries in this block, at least 1
 * @param entriesRoot RFC 6962 Merkle root over this block's entry leaf hashes
 * @param treeSize entries in the whole log up to and including this block
 * @param treeRoot RFC 6962 Merkle root over all {@code treeSize} entries of the log
 * @param sealedAt when the block was sealed, millisecond precision, never before the previous block's
 * @param keyId lowercase hex SHA-256 of the signing key's X.509 SubjectPublicKeyInfo DER
 * @param blockHash lowercase hex SHA-256 of the 161 header bytes
 * @param signature Ed25519 signature over the 161 header bytes, 64 bytes as hex
 */
public record SignedHeader(
    int version,
    long height,
    String previousHash,
    int entryCount,
    String entriesRoot,
    long treeSize,
    String treeRoot,
    Instant sealedAt,
    String keyId,
    String blockHash,
    String signature) {

  /** Leaves before this block: the index of its first entry. */
  public long treeSizeBefore() {
    return treeSize - entryCount;
  }
}
