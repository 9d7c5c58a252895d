package org.medledger.reportchain.ledger;

import org.medledger.reportchain.chain.MerkleHasher;

/**
 * What a verifier has checked and now trusts: the last verified block's height and hash and the log's size
 * and root at that block. Start from {@link #genesis()} to verify a ledger from its first block, or from a
 * state kept earlier (for example the head a receipt or an earlier run checked) to catch a ledger that was
 * rewritten since. Persist it between runs, as immudb4j's {@code ImmuStateHolder} does.
 *
 * @param height last verified block, -1 before the first block
 * @param blockHash its hash (64 zeros before the first block)
 * @param treeSize entries in the log at that block
 * @param treeRoot RFC 6962 root of those entries (SHA-256 of nothing for the empty log)
 */
public record TrustedState(long height, String blockHash, long treeSize, String treeRoot) {

  /** The state before block 0: the empty log. */
  public static TrustedState genesis() {
    return new TrustedState(-1, LedgerEncoding.ZERO_HASH, 0, LedgerEncoding.hex(MerkleHasher.emptyRoot()));
  }

  /** The state a verified header establishes. Only for headers that were verified. */
  public static TrustedState of(SignedHeader verified) {
    return new TrustedState(verified.height(), verified.blockHash(), verified.treeSize(), verified.treeRoot());
  }
}
